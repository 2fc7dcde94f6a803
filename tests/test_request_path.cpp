// The request path answers: a session's next turn follows the answer (not the submission) by the
// think time, a rejected request ends the session, an answer for a user who has left is
// recognised by its generation and dropped, and a component given a kind it does not define
// throws. One service is assembled by hand around a sink that holds requests until the test
// answers them.
#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <vector>

#include "models/service/service.hpp"
#include "sim/event.hpp"

using namespace capsim;
using models::RequestOutcome;
using models::RequestStatus;

namespace {

struct HeldRequest {
  models::Request request;
  models::RequestListener* listener;
};

class HoldingSink final : public models::RequestSink {
 public:
  void submit(const models::Request& r, models::RequestListener& listener) override { held.push_back({r, &listener}); }
  void answer(std::size_t i, RequestStatus status, sim::SimTime at) {
    held.at(i).listener->on_outcome(RequestOutcome{held[i].request.id, status, at, at});
  }
  std::vector<HeldRequest> held;
};

// One open-admission service whose users start a session at once (10 per second), take three
// turns with 10 s of thought between them and stay `lifetime` seconds.
struct OneService {
  explicit OneService(double lifetime_s) : streams(7, 0) {
    config.name = "chat";
    config.waitlist.policy = models::Policy::Open;
    config.usage.sessions_per_day = 10 * 86400.0;
    config.usage.turns_per_session = sim::Distribution::deterministic(3);
    config.usage.think_time_s = sim::Distribution::deterministic(10);
    config.usage.lifetime_s = sim::Distribution::deterministic(lifetime_s);
    models::UserClass everyone;
    everyone.name = "all";
    classes.push_back(everyone);
    service = std::make_unique<models::Service>(config, classes, false, 0, simulation, 0, recorder, streams);
    service->serve_with(sink);
    service->for_each_component([this](auto* part) { parts.push_back([part](const sim::Event& e) { part->handle(e); }); });
    service->start();
  }
  void run_until(double seconds) {
    simulation.run_until(sim::from_seconds(seconds), [this](const sim::Event& e) { parts.at(e.component)(e); });
  }
  double metric(const char* name) const {
    for (const sim::Measurement& m : recorder.measurements(simulation.now()))
      if (m.scope == "chat" && m.metric == name) return m.value;
    FAIL("no metric " << name);
    return 0;
  }

  models::ServiceConfig config;
  std::vector<models::UserClass> classes;
  sim::Simulation simulation;
  sim::Recorder recorder;
  sim::RandomStreams streams;
  HoldingSink sink;
  std::unique_ptr<models::Service> service;
  std::vector<std::function<void(const sim::Event&)>> parts;
};

}  // namespace

TEST_CASE("request path: the next turn follows the answer by the think time") {
  OneService w(1e9);
  CHECK(w.service->door().join(0, models::kNoPerson) == models::kNoPerson);  // admitted at once
  w.run_until(5);
  REQUIRE(w.sink.held.size() == 1);  // the session's first turn waits for its answer
  CHECK(w.sink.held[0].request.time < sim::from_seconds(5));
  w.sink.answer(0, RequestStatus::Completed, w.simulation.now());
  w.run_until(14.999);
  CHECK(w.sink.held.size() == 1);
  w.run_until(15);
  REQUIRE(w.sink.held.size() == 2);
  CHECK(w.sink.held[1].request.time == sim::from_seconds(15));  // answered at 5 s + 10 s of thought
  CHECK(w.sink.held[1].request.id == w.sink.held[0].request.id);
  CHECK(w.metric("sessions") == 1);
}

TEST_CASE("request path: a rejected request ends the session") {
  OneService w(1e9);
  w.service->door().join(0, models::kNoPerson);
  w.run_until(5);
  REQUIRE(w.sink.held.size() == 1);
  w.sink.answer(0, RequestStatus::Rejected, w.simulation.now());
  CHECK(w.metric("active_sessions_mean") > 0);
  // The user is idle again: the next request opens a second session (at 10/s, within seconds).
  w.run_until(15);
  REQUIRE(w.sink.held.size() == 2);
  CHECK(w.sink.held[1].request.time < sim::from_seconds(15));
  CHECK(w.metric("sessions") == 2);
}

TEST_CASE("request path: an answer for a user who has left is dropped") {
  OneService w(20);  // the user churns at 20 s
  w.service->door().join(0, models::kNoPerson);
  w.run_until(5);
  REQUIRE(w.sink.held.size() == 1);
  w.run_until(25);  // churned with the request still out
  CHECK(w.metric("admitted_mean") < 1);
  w.service->door().join(0, models::kNoPerson);  // a new user takes the freed slot
  w.run_until(30);
  REQUIRE(w.sink.held.size() == 2);
  CHECK(w.sink.held[1].request.id.index == w.sink.held[0].request.id.index);
  CHECK(w.sink.held[1].request.id.generation != w.sink.held[0].request.id.generation);
  w.sink.answer(0, RequestStatus::Completed, w.simulation.now());  // stale: must not move the new user
  w.run_until(32);
  CHECK(w.sink.held.size() == 2);  // the new user still waits for their own answer
  w.sink.answer(1, RequestStatus::Completed, w.simulation.now());
  w.run_until(44);  // before the new user's churn at 45 s
  REQUIRE(w.sink.held.size() == 3);
  CHECK(w.sink.held[2].request.time == sim::from_seconds(42));
}

TEST_CASE("components throw on an event kind they do not define") {
  OneService w(1e9);
  for (std::size_t c = 0; c < w.parts.size(); ++c) {
    const sim::Event bad{0, static_cast<std::uint16_t>(c), 200, 0};
    CHECK_THROWS_AS(w.parts[c](bad), std::logic_error);
  }
}

// The users a service has admitted: one record each (with the state of their open session),
// the list of each class's users (for picking who starts a session), and churn after the
// lifetime, which frees the user's slot for the waitlist.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/service/service_parts.hpp"
#include "models/usage/request.hpp"
#include "models/usage/usage_config.hpp"
#include "sim/buffered_sampler.hpp"
#include "sim/event.hpp"
#include "sim/huge_page_allocator.hpp"
#include "sim/random_streams.hpp"
#include "sim/slot_pool.hpp"

namespace capsim::models {

struct ActiveUser {
  sim::EventHandle churn, next;  // next: the pending turn of the open session
  std::uint32_t turns_left = 0, session_turns = 0, day_turns = 0, day = 0;
  std::uint32_t position = 0;    // in the class's member list
  // Token lengths of the turn in progress (a retry resends it); whole numbers, kept in 32 bits so
  // a user is one 64-byte line.
  std::uint32_t prompt_tokens = 0, output_tokens = 0;
  std::uint16_t cls = 0;
  std::uint8_t attempt = 0;      // retries of the turn in progress (saturates at 255)
  bool in_session = false;
};
static_assert(sizeof(ActiveUser) + 4 <= 64, "millions of users: keep one, with its slot's generation, to a cache line");

class AdmittedUsers {
 public:
  enum class Kind : std::uint8_t { Churn };
  using MemberList = std::vector<std::uint32_t, sim::HugePageAllocator<std::uint32_t>>;  // read at random

  AdmittedUsers(const UsageConfig& usage, std::size_t classes, sim::EventPort port, const sim::RandomStreams& streams,
                const std::string& service);
  void wire(const ServiceParts& parts) { parts_ = parts; }
  void handle(const sim::Event& e);

  // A new user of class `cls`; draws their lifetime. Returns the user's slot.
  std::uint32_t add(std::uint16_t cls);
  ActiveUser& operator[](std::uint32_t user) { return users_.at(user); }
  // The user a request was made for, or nullptr if that user has left since (the slot's
  // generation tells a later user of the same slot apart).
  ActiveUser* find(RequestId id) {
    const sim::SlotPool<ActiveUser>::Handle h{id.index, id.generation};
    return users_.valid(h) ? &users_[h] : nullptr;
  }
  RequestId id_of(std::uint32_t user) const {
    const sim::SlotPool<ActiveUser>::Handle h = users_.handle(user);
    return RequestId{h.index, h.generation};
  }
  const MemberList& members(std::size_t cls) const { return members_[cls]; }
  // A hint: `user`'s record will be read soon.
  void prefetch(std::uint32_t user) const { users_.prefetch(user); }
  // usage.session_at_admission: a new user starts a session at once.
  bool session_at_admission() const { return session_at_admission_; }

 private:
  void on_churn(std::uint32_t user);

  sim::EventPort port_;
  ServiceParts parts_;
  std::optional<sim::BufferedSampler> lifetime_;  // with its own stream, so drawn in blocks
  sim::SlotPool<ActiveUser> users_;
  std::vector<MemberList> members_;  // admitted users of each class
  bool session_at_admission_;
};

}  // namespace capsim::models

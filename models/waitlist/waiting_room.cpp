#include "models/waitlist/waiting_room.hpp"

#include <algorithm>
#include <cassert>

namespace capsim::models {

WaitingRoom::WaitingRoom(QueueOrder order, const std::vector<int>& class_priorities) : order_(order) {
  level_of_class_.assign(std::max<std::size_t>(1, class_priorities.size()), 0);
  if (order_ == QueueOrder::Priority) {
    std::vector<int> levels(class_priorities);
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    for (std::size_t c = 0; c < class_priorities.size(); ++c)
      level_of_class_[c] = static_cast<std::uint16_t>(std::lower_bound(levels.begin(), levels.end(), class_priorities[c]) - levels.begin());
    rings_.resize(levels.size());
  } else {
    rings_.resize(1);
  }
}

WaitingRoom::Id WaitingRoom::add(sim::SimTime signup, std::uint16_t cls, std::uint32_t person) {
  // Release the taken ids first, in order: the pool reuses the last released slot first, so
  // ids are handed out in the same order as by the free list this pool replaced.
  for (Id taken : released_) people_.release(people_.handle(taken));
  released_.clear();
  const Id id = people_.acquire().index;
  people_.at(id) = WaitingPerson{signup, {}, person, 0, cls, false};
  if (order_ == QueueOrder::Lottery) {
    people_.at(id).position = static_cast<std::uint32_t>(draw_.size());
    draw_.push_back(id);
  } else {
    rings_[order_ == QueueOrder::Priority ? level_of_class_[cls] : 0].push(id);
  }
  ++live_;
  return id;
}

void WaitingRoom::remove(Id id) {
  assert(!people_.at(id).gone && "removed twice");
  --live_;
  if (order_ == QueueOrder::Lottery) {
    const std::uint32_t pos = people_.at(id).position;
    draw_[pos] = draw_.back();
    people_.at(draw_[pos]).position = pos;
    draw_.pop_back();
    released_.push_back(id);
  } else {
    people_.at(id).gone = true;  // freed when its ring reaches it
  }
}

WaitingRoom::Id WaitingRoom::take(sim::Rng& rng) {
  --live_;
  if (order_ == QueueOrder::Lottery) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, draw_.size() - 1);
    const std::size_t pos = pick(rng);
    const Id id = draw_[pos];
    draw_[pos] = draw_.back();
    people_.at(draw_[pos]).position = static_cast<std::uint32_t>(pos);
    draw_.pop_back();
    released_.push_back(id);
    return id;
  }
  for (sim::Ring<Id>& ring : rings_) {
    while (!ring.empty()) {
      const Id id = ring.pop();
      released_.push_back(id);
      if (!people_.at(id).gone) return id;
    }
  }
  return 0;  // not reached: the room was not empty
}

}  // namespace capsim::models

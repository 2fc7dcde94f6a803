#include "sim/event.hpp"

#include <stdexcept>

namespace capsim::sim {

void unknown_event(const Event& e, const char* component) {
  throw std::logic_error(std::string(component) + " (component " + std::to_string(e.component) + ") received unknown event kind " +
                         std::to_string(e.kind) + " for entity " + std::to_string(e.entity));
}

}  // namespace capsim::sim

#include "models/demand/class_share.hpp"

namespace capsim::models {

sim::Distribution class_distribution(const std::vector<UserClass>& classes) {
  std::vector<double> index, share;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    index.push_back(static_cast<double>(i));
    share.push_back(classes[i].share);
  }
  return sim::Distribution::empirical(index, share);
}

}  // namespace capsim::models

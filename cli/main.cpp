#include "cli/commands.hpp"

int main(int argc, char** argv) { return capsim::cli::dispatch(argc, argv); }

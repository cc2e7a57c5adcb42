#include "cli/app.hpp"

int main(int argc, char** argv) {
    // The process ends with the command. Under AddressSanitizer, whose leak check would report
    // what a build leaves to the exit, everything is freed.
#if defined(__SANITIZE_ADDRESS__)
    constexpr bool process_ends = false;
#else
    constexpr bool process_ends = true;
#endif
    return hs::run_cli(argc, argv, std::cout, std::cerr, process_ends);
}

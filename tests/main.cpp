#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    // CI sets CI=true, and a pinned `as_of` warns there: the tests choose for themselves whether
    // they run "in CI", so their output is the same on a laptop and in CI.
    unsetenv("CI");
    unsetenv("GITHUB_ACTIONS");
    doctest::Context context(argc, argv);
    return context.run();
}

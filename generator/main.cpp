#include "cli/app.hpp"

int main(int argc, char** argv) {
    return hs::run_cli(argc, argv);
}

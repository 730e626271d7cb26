#include "run_gui.h"

int main(int argc, char** argv)
{
    return hearth::ui::runGui(argc, argv);
}

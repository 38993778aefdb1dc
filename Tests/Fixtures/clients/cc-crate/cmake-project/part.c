/* Built by CMake through cmake-rs. */
#include <xenv_sdk.h>
unsigned xenv_cmake_part(unsigned value) { return 2 * value + XENV_DEMO_SDK_HEADER; }

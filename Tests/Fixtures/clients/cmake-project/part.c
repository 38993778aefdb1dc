/* The static library: llvm-lib archives it through the toolchain file's CMAKE_AR. */
#include <xenv_sdk.h>

#if !XENV_DEMO_SDK_HEADER
#error the sysroot's headers did not come through the toolchain file
#endif

unsigned xenv_part(unsigned value) { return value + 100 + XENV_DEMO_SDK_HEADER; }

/* Compiled by cc-rs with xenv's CC_<target> and CFLAGS_<target>; the stub headers come from the sysroot
   through INCLUDE. The program's exit code is computed here, from this file and the CMake project. */
#include <xenv_demo.h>
#include <xenv_sdk.h>

#if !XENV_DEMO_CRT_HEADER || !XENV_DEMO_SDK_HEADER
#error the sysroot's headers did not come through INCLUDE
#endif
#if defined(_M_ARM64)
#define XENV_CLIENT_ARCH 64
#elif defined(_M_X64)
#define XENV_CLIENT_ARCH 86
#else
#error compiled for neither ARM64 nor x64
#endif

/* In the static library cmake-rs built. */
unsigned xenv_cmake_part(unsigned value);

/* 2 * 64 + 1 = 129 on ARM64, 2 * 86 + 1 = 173 on x64. */
unsigned xenv_client_exit_code(void) { return xenv_cmake_part(XENV_CLIENT_ARCH); }

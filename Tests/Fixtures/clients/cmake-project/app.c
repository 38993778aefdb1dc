/* The program: its exit code is 64 + 102 = 166 on ARM64 and 86 + 102 = 188 on x64. */
#include <xenv_demo.h>

#if defined(_M_ARM64)
#define XENV_CLIENT_ARCH 64
#elif defined(_M_X64)
#define XENV_CLIENT_ARCH 86
#else
#error compiled for neither ARM64 nor x64
#endif

__declspec(dllimport) void __stdcall ExitProcess(unsigned code);
unsigned xenv_part(unsigned value);

void start(void) { ExitProcess(xenv_part(XENV_CLIENT_ARCH) + XENV_DEMO_CRT_HEADER); }

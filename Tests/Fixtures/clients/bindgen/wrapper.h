/* bindgen's input in xenv's tests: a sysroot header found through INCLUDE, parsed for the target that
   BINDGEN_EXTRA_CLANG_ARGS_<target> names. */
#include <xenv_sdk.h>

#if !defined(_MSC_VER)
#error not parsed for an MSVC target
#endif
#if defined(_M_ARM64)
#define XENV_BINDGEN_ARCH 64
#elif defined(_M_X64)
#define XENV_BINDGEN_ARCH 86
#else
#error parsed for neither ARM64 nor x64
#endif

/* long is 4 bytes on Windows and 8 on 64-bit Linux: 16 bytes here, 24 for the host. */
typedef struct xenv_bindgen_probe {
    long first;
    long second;
    void *pointer;
} xenv_bindgen_probe;

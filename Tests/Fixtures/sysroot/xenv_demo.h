/* Stub CRT header of xenv's demo sysroot (not a Microsoft file): proves INCLUDE reaches the compiler. */
#pragma once
#define XENV_DEMO_CRT_HEADER 1

/* Stub SDK header of xenv's demo sysroot (not a Microsoft file): proves INCLUDE reaches the compiler. */
#pragma once
#define XENV_DEMO_SDK_HEADER 1
int __stdcall xenv_demo_value(void);

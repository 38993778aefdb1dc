xenv test fixture: stands in for winrt/base.h; not a Microsoft file

xenv test fixture: stands in for Windows.h; not a Microsoft file

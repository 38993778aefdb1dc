xenv test fixture: stands in for vcruntime.h; not a Microsoft file

xenv test fixture: stands in for sdkddkver.h; not a Microsoft file

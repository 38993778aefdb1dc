xenv test fixture: stands in for vcvarsall.bat; not a Microsoft file

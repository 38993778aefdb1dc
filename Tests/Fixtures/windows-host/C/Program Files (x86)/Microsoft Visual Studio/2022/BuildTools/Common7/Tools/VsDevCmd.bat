xenv test fixture: stands in for VsDevCmd.bat; not a Microsoft file

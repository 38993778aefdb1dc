/* Umbrella header of the stand-in Clang module WinSDK for `make check-windows` (scripts/check-windows.py).
 *
 * Swift's WinSDK module map (swiftlang/swift stdlib/public/Platform/winsdk.modulemap) puts these headers of the
 * Windows SDK into `import WinSDK` (every submodule but the explicit DirectX one). This includes the ones Wine 8
 * ships, from the stand-in's copy of Wine's include/windows (.build/check-windows/standin/include/winsdk). The
 * SDK headers Wine lacks (afunix.h, compressapi.h, consoleapi2.h, consoleapi3.h, errhandlingapi.h, handleapi.h,
 * heapapi.h, interlockedapi.h, namedpipeapi.h, sysinfoapi.h, lmdfs.h, immdev.h, mmeapi.h, mmiscapi.h, timeapi.h,
 * joystickapi.h, appnotify.h, sensors.h, sensorsapi.h, wlanihv.h, wlclient.h, the XAML hosting header) mostly
 * hold declarations that Wine keeps in winbase.h, winuser.h or mmsystem.h instead.
 * WinSock2 comes before windows.h, which would otherwise bring in the older winsock.h. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <aclapi.h>
#include <combaseapi.h>
#include <consoleapi.h>
#include <fileapi.h>
#include <iphlpapi.h>
#include <libloaderapi.h>
#include <pathcch.h>
#include <processthreadsapi.h>
#include <synchapi.h>
#include <timezoneapi.h>
#include <winver.h>
#include <ocidl.h>
#include <commctrl.h>
#include <commdlg.h>
#include <directmanipulation.h>
#include <lm.h>
#include <dwmapi.h>
#include <fci.h>
#include <winnls.h>
#include <imm.h>
#include <digitalv.h>
#include <vfw.h>
#include <mmddk.h>
#include <mmsystem.h>
#include <winnetwk.h>
#include <authz.h>
#include <winscard.h>
#include <wincrypt.h>
#include <shlobj.h>
#include <shellapi.h>
#include <shlwapi.h>
#include <shellscalingapi.h>
#include <dbghelp.h>
#include <winioctl.h>
#include <mcx.h>
#include <oaidl.h>
#include <perflib.h>
#include <pdh.h>
#include <winperf.h>
#include <winspool.h>
#include <richedit.h>
#include <winuser.h>
#include <wincodec.h>
#include <winbase.h>
#include <windns.h>
#include <wingdi.h>
#include <winnt.h>
#include <winreg.h>
#include <rpc.h>
#include <rpcndr.h>
#include <winsvc.h>
#include <winsafer.h>
#include <wlanapi.h>

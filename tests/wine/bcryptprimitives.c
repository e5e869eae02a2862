/* Test support, not part of mesongo: a stand-in for Windows' bcryptprimitives.dll, which Debian
 * 12's Wine 8.0 lacks and every Go >= 1.22 program loads at start-up for ProcessPrng (the
 * runtime's random source). It answers from RtlGenRandom (advapi32's SystemFunction036), which
 * Wine has. Real Windows has the real DLL; nothing of this is installed anywhere but a throwaway
 * WINEPREFIX of the tests. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x7fffffff ? 0x7fffffff : (ULONG)size;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

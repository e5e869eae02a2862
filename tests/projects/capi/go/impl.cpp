// The part of the capi C API that is written in C++: it needs the C++ runtime (operator new,
// std::vector, std::string).
#include <numeric>
#include <string>
#include <vector>

#include "capi_private.h"

namespace capi {
// C++ linkage: an implementation detail, never exported.
std::vector<long> widen(const int *values, size_t n) { return std::vector<long>(values, values + n); }
}  // namespace capi

extern "C" long capi_cpp_sum(const int *values, size_t n) {
    std::vector<long> *wide = new std::vector<long>(capi::widen(values, n));
    long total = std::accumulate(wide->begin(), wide->end(), 0L);
    delete wide;
    return total;
}

extern "C" const char *capi_cpp_version(void) {
    static const std::string version = std::string("capi ") + "1.4";
    return version.c_str();
}

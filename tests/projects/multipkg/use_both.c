/* A C program using the //export functions of two Go packages built into one library. */
#include <stdio.h>
#include <string.h>
#include LIBRARY_HEADER

int main(void) {
    StatsRecord(40);
    StatsRecord(2);
    char *summary = ReportSummary();   /* package report reads what package stats counted */
    printf("%s, scaled %lld\n", summary, (long long)StatsScaled(10));
    int ok = strcmp(summary, "total 42") == 0 && StatsScaled(10) == 420 && stats_scale(2, 3) == 6;
    ReportFree(summary);
    return ok ? 0 : 1;
}

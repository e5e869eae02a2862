/* A library of the one package report: its header declares report's functions only. */
#include <stdio.h>
#include "libreport.h"

int main(void) {
    char *summary = ReportSummary();
    puts(summary);
    ReportFree(summary);
    return 0;
}

/* Part of the capi C API written in assembly (AArch64 AAPCS): int capi_asm_triple(int).
 * No .type directive, as in much hand-written assembly: the symbol has no type. */
    .text
    .globl capi_asm_triple
    .p2align 2
capi_asm_triple:
    add w0, w0, w0, lsl #1
    ret
    .section .note.GNU-stack,"",@progbits

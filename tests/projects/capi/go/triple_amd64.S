/* Part of the capi C API written in assembly (x86-64 System V ABI): int capi_asm_triple(int). */
    .text
    .globl capi_asm_triple
    .type capi_asm_triple, @function
capi_asm_triple:
    leal (%rdi,%rdi,2), %eax
    ret
    .size capi_asm_triple, .-capi_asm_triple
    .section .note.GNU-stack,"",@progbits

/* The extension module: Python calls in, Go answers through libcore.so. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "libcore.h"

static PyObject *hello(PyObject *self, PyObject *args) {
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name))
        return NULL;
    char *text = core_hello((char *)name);
    PyObject *result = PyUnicode_FromString(text);
    core_free(text);
    return result;
}

static PyObject *add(PyObject *self, PyObject *args) {
    long long a, b;
    if (!PyArg_ParseTuple(args, "LL", &a, &b))
        return NULL;
    return PyLong_FromLongLong(core_add(a, b));
}

static PyMethodDef methods[] = {
    {"hello", hello, METH_VARARGS, "Greet from Go."},
    {"add", add, METH_VARARGS, "Add two integers in Go."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, methods};

PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&module); }

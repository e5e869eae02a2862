#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

extern char *gohello_greet(char *name);   /* hello.go */

static PyObject *greet(PyObject *self, PyObject *args) {
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name))
        return NULL;
    char *text = gohello_greet((char *)name);
    PyObject *result = PyUnicode_FromString(text);
    free(text);
    return result;
}

static PyMethodDef methods[] = {{"greet", greet, METH_VARARGS, "Greet NAME from Go."}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_gohello", NULL, -1, methods};

PyMODINIT_FUNC PyInit__gohello(void) {
    return PyModule_Create(&module);
}

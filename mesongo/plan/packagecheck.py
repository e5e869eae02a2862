"""What setup's `go list` and Go's parser say about a target's packages, as errors that say what
to do. Pure: the facts in (toolchain/packagefacts.py), ConfigError out. The target kinds
(kinds/) choose which of the rules below their packages must meet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..toolchain.gocmd import NO_GO_MOD

if TYPE_CHECKING:   # the ninja-run build step imports the kinds, hence this module: nothing more
    from ..toolchain.gofacts import Package
    from ..toolchain.goscan import ScannedPackage
    from ..toolchain.packagefacts import PackageFacts


def module_path_for(name: str) -> str:
    """A module path for `go mod init`, from the target's name: the characters a module path
    element may hold (golang.org/x/mod/module.CheckPath), others as '-'."""
    element = re.sub(r"[^A-Za-z0-9._~-]", "-", name).strip(".") or "mylib"
    return f"example.com/{element}"


def check_in_module(facts: PackageFacts, package_dirs: Sequence[str], name: str) -> None:
    """Go builds packages of a module: one with no go.mod in its directory or above gets the
    command that makes it one (the common directory of several packages: one module for all)."""
    if not any(p.error and NO_GO_MOD in p.error and not _no_go_files(p) for p in facts.listed):
        return
    if len(package_dirs) == 1:
        module_dir = package_dirs[0]
        what, purpose = f"{module_dir} is in no Go module (there is no go.mod in it or in a directory above it)", \
            "to make it one"
    else:
        module_dir = os.path.commonpath(package_dirs)
        what, purpose = (f"the packages in {', '.join(package_dirs)} are in no Go module (there is no go.mod in "
                         "their directories or above them)"), "to make one module of them"
    raise ConfigError(f"{what}: run "
                      f"`go mod init {module_path_for(name)}` in {module_dir} {purpose}, then `go mod tidy` there")


def _no_go_files(package: Package) -> bool:
    return bool(package.error) and ("no Go files" in str(package.error)
                                    or "build constraints exclude all Go files" in str(package.error))


def _module_dir(facts: PackageFacts) -> str | None:
    gomod = facts.module_file or next((p.module_gomod for p in facts.listed if p.module_gomod), None)
    return os.path.dirname(gomod) if gomod else None


# How go list says that no module the main module requires has the package, and that go.sum
# lacks the checksum of the one that has it (cmd/go/internal/modload: ImportMissingError, and
# the "missing go.sum entry" of ImportMissingSumError).
NOT_REQUIRED = "no required module provides package"
MISSING_SUM = "missing go.sum entry"


def check_module_complete(facts: PackageFacts, package_dirs: Sequence[str], import_path: str | None = None) -> None:
    """An import that the module's go.mod does not require, or whose go.sum entry is missing:
    `go mod tidy` adds both (go list, offline, reports them the same way with or without a network).
    For a program named by `import_path`, `go get` of it does, where tidy would drop the
    requirement of a tools module that imports nothing."""
    module_dir = _module_dir(facts)
    if module_dir is None:
        return
    for package in facts.packages:
        error = package.error or ""
        if MISSING_SUM in error:
            lacks = f"and {os.path.join(module_dir, 'go.sum')} has no entry for the module that provides it"
        elif NOT_REQUIRED in error:
            lacks = f"which no module that {os.path.join(module_dir, 'go.mod')} requires provides"
        else:
            continue
        if import_path is not None:
            raise ConfigError(f"{import_path} imports {package.import_path}, {lacks}: run `go get {import_path}` "
                              f"in {module_dir} (it adds the requirement and its go.sum entries)")
        raise ConfigError(f"the package in {package_dirs[0]} imports {package.import_path}, {lacks}: run "
                          f"`go mod tidy` in {module_dir} (it adds the requirement and its go.sum entries)")


def check_module_package(facts: PackageFacts, import_path: str, modfile: str | None, run_dir: str) -> None:
    """A program named by import path: Go found it through the module of `modfile` (None: the
    module of `run_dir`, the calling meson.build's directory), and it is a package main."""
    package = facts.listed[0]
    error = (package.error or "").strip()
    gomod = facts.module_file
    if not error and package.name != "main":
        module = f" (in {package.module_path}@{package.module_version})" if package.module_version else ""
        raise ConfigError(f"{import_path} is 'package {package.name}'{module}, not a program: a Go program is a "
                          "package main; name the import path of one of the module's commands")
    if not error:
        return
    if gomod is None or NO_GO_MOD in error:
        raise ConfigError(f"{import_path!r} names no file or directory of the project, so it is taken for the import "
                          f"path of a program from a Go module, and {run_dir} is in no Go module (there is no go.mod "
                          "in it or in a directory above it): name the go.mod of the module that requires the "
                          "program with modfile:, or fix the path if it is a source of the project")
    module_dir = os.path.dirname(gomod)
    if NOT_REQUIRED in error:
        raise ConfigError(f"no module that {gomod} requires provides {import_path}: run `go get {import_path}` in "
                          f"{module_dir} to require the module that has it (with Go 1.24 or later, "
                          f"`go get -tool {import_path}` records it as a tool too), or fix the import path")
    if MISSING_SUM in error:
        raise ConfigError(f"{os.path.join(module_dir, 'go.sum')} has no entry for the module that provides "
                          f"{import_path}: run `go get {import_path}` in {module_dir} (it adds the go.sum entries)")
    raise ConfigError(f"Go cannot load {import_path} in the module of {gomod}: {error}")


def check_loaded(facts: PackageFacts, package_dirs: Sequence[str], noun: str = "library",
                 package_main: bool = True) -> None:
    """Go could load every package of the target (a `noun`: library, program, ...; built from a
    package main unless `package_main` is false) and of its imports, and parse the target's own."""
    if len(facts.listed) == 1:
        package, package_dir = facts.listed[0], package_dirs[0]
        if package.error:
            if _no_go_files(package):
                raise ConfigError(f"{package_dir} has no Go files for this build ({package.error.strip()}): point "
                                  f"the {noun} at the directory of a Go package{' main' if package_main else ''}, "
                                  "or one of its .go files")
            raise ConfigError(f"Go cannot load the package in {package_dir}: {package.error.strip()}")
    else:
        for package in facts.listed:
            if package.error:
                hint = (": the packages of one library are built together, so each must belong to the module of "
                        f"the first ({package_dirs[0]}), to a module it requires, or to its go.work"
                        if "outside main module" in package.error else "")
                raise ConfigError(f"Go cannot load the package {package.dir or package.import_path}: "
                                  f"{package.error.strip()}{hint}")
    listed = {id(p) for p in facts.listed}
    broken = [p for p in facts.packages if p.error and not p.standard and id(p) not in listed]
    if broken:
        raise ConfigError(f"Go cannot load {broken[0].import_path}, which the package in {package_dirs[0]} "
                          f"imports: {broken[0].error}")


def check_parsed(facts: PackageFacts, package_dir: str) -> None:
    for scan in facts.scans:
        if scan.errors:
            # Go's parser reports what follows the first error too; the first is the one to fix.
            raise ConfigError(f"{scan.errors[0]}: Go cannot parse the package in {scan.dir or package_dir}; "
                              "fix the Go source")


def check_none_is_main(facts: PackageFacts) -> None:
    """A library of packages for which mesongo supplies the main package."""
    for package in facts.listed:
        if package.name == "main":
            raise ConfigError(
                f"the package in {package.dir} is 'package main', and a library of several packages is made "
                "of packages that are not main (mesongo supplies the main package): turn its //export "
                "functions into a package of their own, or build the library from that one package")


def check_c_api(package: Package, scan: ScannedPackage, package_dir: str, buildmode: str | None) -> None:
    """What makes a package part of a C library: cgo and //export functions, and for the main
    package (`buildmode` given) a func main. A non-main package (None) may be left out instead."""
    what = f"package main in {package_dir}" if buildmode else f"the package in {package_dir}"
    if not package.cgo_files:
        raise ConfigError(f"{what} does not import \"C\": C can only call functions that a cgo file marks "
                          "with //export (add import \"C\" and //export Name)")
    if buildmode and not scan.func_main:
        raise ConfigError(f"{what} has no func main(): -buildmode={buildmode} needs one, and it can be empty: "
                          "add 'func main() {}'")
    if not scan.exports:
        raise ConfigError(f"{what} has no //export functions, so C has nothing to call"
                          + ("" if buildmode else " in it")
                          + ": mark the functions of the C API with a '//export Name' line above them"
                          + ("" if buildmode else ", or leave the package out of the library's sources"))
    check_export_types(scan)


# What an //export function gives C instead of a Go value C may not hold (goscan's kinds).
_HANDLE = ("a cgo.Handle (runtime/cgo) as C.uintptr_t: C.uintptr_t(cgo.NewHandle(value)), which C passes back to "
           "Go functions that call cgo.Handle(h).Value()")
RESULT_INSTEAD = {
    "string": "return *C.char instead, made by C.CString (the caller frees it with free())",
    "slice": "return instead a pointer to C memory (C.CBytes, C.malloc) and its length, or fill a buffer the "
             "caller passes",
    "pointer": "return instead a pointer to C memory (C.malloc, as a *C type) or an unsafe.Pointer to it, or "
               + _HANDLE,
    "error": "return instead an error code (C.int), or the message as *C.char made by C.CString",
}


def check_export_types(scan: ScannedPackage) -> None:
    """cgo's pointer-passing rules: a Go value that C may not hold aborts the program when an
    //export function returns it (or, for maps and chans, could never have reached C)."""
    for export in scan.exports:
        for bad in export.forbidden:
            what = "a Go pointer" if bad.kind == "pointer" else f"a Go {bad.kind}"
            if bad.result:
                instead = RESULT_INSTEAD.get("error" if bad.type == "error" else bad.kind, f"return instead {_HANDLE}")
                raise ConfigError(
                    f"{bad.pos}: the //export function {export.name} returns {what} ({bad.type}), which cgo's "
                    f"pointer-passing rules forbid (the program aborts when {export.name} returns one that holds Go "
                    f"memory): {instead}")
            name = f" {bad.name}" if bad.name else ""
            raise ConfigError(
                f"{bad.pos}: the //export function {export.name} takes {what} (parameter {bad.index}{name}, "
                f"{bad.type}), which C cannot have: a {bad.kind} lives in Go memory, which cgo's pointer-passing "
                f"rules never let reach C: take instead {_HANDLE}")


def check_program(facts: PackageFacts, package_dir: str) -> None:
    package, scan = facts.listed[0], facts.scans[0]
    if package.name != "main" or not scan.func_main:
        raise ConfigError(f"the package in {package_dir} is 'package {package.name}'"
                          + ("" if package.name != "main" else " without func main()")
                          + ": a Go program is a package main with a func main()")


def check_tests(facts: PackageFacts, package_dir: str) -> None:
    package = facts.listed[0]
    if not package.files.get("TestGoFiles") and not package.files.get("XTestGoFiles"):
        raise ConfigError(f"the package in {package_dir} has no _test.go files: go test -c would build "
                          "nothing; point go.test() at a package with tests")


def check_without_cgo(facts: PackageFacts, package_dirs: Sequence[str], noun: str) -> None:
    """A target built with cgo: false (CGO_ENABLED=0): no package of its build may need cgo, and
    its own packages may not ask cgo to export a function. A package needs cgo when it has cgo
    files and no files that only a build without cgo takes (a `//go:build !cgo` variant, as the
    standard library's net and os/user have, and some modules): Go would leave its cgo files out
    and fail on what they define, or build a program that lacks them."""
    without = {p.import_path: p for p in facts.packages}
    scans = {scan.dir: scan for scan in facts.cgo_scans}
    own = {p.import_path for p in facts.listed}
    for package in facts.with_cgo:
        cgo_free = without.get(package.import_path)
        if cgo_free is None or set(cgo_free.go_files) - set(package.go_files):
            continue
        files = ", ".join(package.cgo_files)
        scan = scans.get(package.dir)
        exports = "" if scan is None or not scan.exports else (
            "; it has //export functions (" + ", ".join(f"{e.name} at {os.path.basename(e.pos)}"
                                                       for e in scan.exports) + "), which only cgo makes")
        what = (f"the package in {package.dir}" if package.import_path in own
                else f"the package {package.import_path} ({package.dir}), which the {noun} imports,")
        one = len(package.cgo_files) == 1
        raise ConfigError(
            f"{what} needs cgo: {files} import{'s' if one else ''} \"C\"{exports}, and the {noun} is built with "
            f"cgo: false, which leaves {'that file' if one else 'those files'} out: remove cgo: false, or the cgo "
            "(import \"C\") from the package, or give it files for a build without cgo (//go:build !cgo)")
    for scan in facts.scans:
        for export in scan.exports:
            raise ConfigError(
                f"{export.pos}: //export {export.name} asks cgo to export a function to C, and the {noun} is built "
                "with cgo: false (Go ignores //export in a file without import \"C\"): remove the //export line, "
                "or remove cgo: false and import \"C\"")


def check_cxx(facts: PackageFacts, has_cxx_compiler: bool) -> None:
    with_cxx = [p for p in facts.packages if p.cxx_files and not p.standard]
    if with_cxx and not has_cxx_compiler:
        first = with_cxx[0]
        raise ConfigError(f"the Go package {first.import_path} has C++ files ({', '.join(first.cxx_files)}), "
                          "and the project has no C++ compiler for cgo to build them with: add 'cpp' to the "
                          "languages of project() (or call add_languages('cpp'))")

"""The Meson module behind ``import('mesongo')``: one method per function, each with its own
typed keywords (kwargs.py), turning the call into a target kind (kinds/) and settings; then one
path for every kind: read Meson's facts (facts.py), plan (plan/planner.py), ask Go about the
packages, plan the rest, write the build plan and make the Meson objects (objects.py).

This sub-package is the only code that imports mesonbuild.
"""

from __future__ import annotations

import dataclasses
import os
import typing as T

from . import compat  # first: refuses a Meson that is too old, before the imports below

# isort: split
from mesonbuild import build, mlog
from mesonbuild.dependencies import Dependency
from mesonbuild.interpreterbase import noKwargs, typed_kwargs, typed_pos_args
from mesonbuild.mesonlib import File, MesonException
from mesonbuild.modules import ExtensionModule, ModuleInfo, ModuleReturnValue

from ..buildstep.identity import step_code_digest
from ..errors import ConfigError, MesongoError
from ..kinds import GoTest, Program, PythonExtension, SharedLibrary, SharedModule, StaticLibrary, TargetKind
from ..plan import coverage, goenv, planner
from ..plan.model import ExportMode, ExportRule
from ..toolchain import gofacts, goscan, runner
from ..toolchain.packagefacts import FactsRequest
from . import completion, facts, hooks, objects, probes, setupenv, zigmacho
from .kwargs import (
    FUNCTIONS,
    ExecutableKwargs,
    ExtensionModuleKwargs,
    SharedLibraryKwargs,
    SharedModuleKwargs,
    StaticLibraryKwargs,
    TestKwargs,
    _GoKwargs,
    _InstalledKwargs,
    _LibraryKwargs,
)
from .registry import GoPart, PendingTarget, Registry, TargetRecord

if T.TYPE_CHECKING:
    from mesonbuild.interpreter import Interpreter
    from mesonbuild.modules import ModuleState

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
Sources = tuple[str, list[str | File]]


def _export_rule(value: str | list[str]) -> ExportRule:
    if isinstance(value, str):
        return ExportRule(ExportMode(value))
    return ExportRule(ExportMode.LIST, tuple(value))


class GoModule(ExtensionModule):
    INFO = ModuleInfo("mesongo")

    def __init__(self, interpreter: Interpreter) -> None:
        super().__init__(interpreter)
        self.registry = Registry()
        compat.record_target_nodes(interpreter, self.registry.nodes)
        # The functions of kwargs.FUNCTIONS, the table the reference is rendered from.
        self.methods.update({name: getattr(self, name) for name in FUNCTIONS})

    # --- meson.build methods ------------------------------------------------------------------

    @typed_pos_args("mesongo.shared_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.shared_library", *FUNCTIONS["shared_library"].kwargs)
    def shared_library(self, state: ModuleState, args: Sources, kwargs: SharedLibraryKwargs) -> ModuleReturnValue:
        kind = SharedLibrary(version=kwargs["version"], soversion=kwargs["soversion"],
                             darwin_versions=kwargs["darwin_versions"])
        return self._guarded("shared_library", lambda: self._library(state, args, kind, kwargs,
                                                                      _export_rule(kwargs["exports"])))

    @typed_pos_args("mesongo.static_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.static_library", *FUNCTIONS["static_library"].kwargs)
    def static_library(self, state: ModuleState, args: Sources, kwargs: StaticLibraryKwargs) -> ModuleReturnValue:
        # version/soversion/exports are accepted only to say clearly why they do not apply.
        for key in ("version", "soversion", "darwin_versions", "exports"):
            if kwargs[key] not in (None, "api"):
                raise MesonException(f"mesongo.static_library: {key!r} applies only to shared libraries (an archive "
                                     "has no soname and no dynamic exports): remove it, or use "
                                     "mesongo.shared_library")
        # Go's linker runs for an archive too (-X reaches it), but no external link does.
        if any(flag.lstrip("-").split("=", 1)[0] == "extldflags" for flag in kwargs["ldflags"]):
            raise MesonException("mesongo.static_library: ldflags has -extldflags, which applies to a link, and an "
                                 "archive has none (its consumers' link does): remove it, or give the consumers "
                                 "link_args")
        return self._guarded("static_library", lambda: self._library(state, args, StaticLibrary(), kwargs,
                                                                      ExportRule(ExportMode.API)))

    @typed_pos_args("mesongo.library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.library", *FUNCTIONS["library"].kwargs)
    def library(self, state: ModuleState, args: Sources, kwargs: SharedLibraryKwargs) -> ModuleReturnValue:
        """As Meson's library(): shared, static or both, as the default_library option says."""
        which = str(compat.option(state, "default_library", "shared"))
        return self._libraries("library", state, args, kwargs, static_only=which == "static")

    @typed_pos_args("mesongo.both_libraries", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.both_libraries", *FUNCTIONS["both_libraries"].kwargs)
    def both_libraries(self, state: ModuleState, args: Sources, kwargs: SharedLibraryKwargs) -> ModuleReturnValue:
        """As Meson's both_libraries(): a shared and a static library of one Go build."""
        return self._libraries("both_libraries", state, args, kwargs, static_only=False)

    def _libraries(self, function: str, state: ModuleState, args: Sources, kwargs: SharedLibraryKwargs,
                   static_only: bool) -> ModuleReturnValue:
        kind: TargetKind = StaticLibrary() if static_only else SharedLibrary(
            version=kwargs["version"], soversion=kwargs["soversion"], darwin_versions=kwargs["darwin_versions"])
        exports = ExportRule(ExportMode.API) if static_only else _export_rule(kwargs["exports"])
        return self._guarded(function, lambda: self._library(state, args, kind, kwargs, exports,
                                                             meson_function=function))

    @typed_pos_args("mesongo.shared_module", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.shared_module", *FUNCTIONS["shared_module"].kwargs)
    def shared_module(self, state: ModuleState, args: Sources, kwargs: SharedModuleKwargs) -> ModuleReturnValue:
        for key in ("version", "soversion"):
            if kwargs[key] is not None:
                raise MesonException(f"mesongo.shared_module: a module has no {key} (a host loads it by its file "
                                     "name, and nothing links it, as for Meson's shared_module()): remove it, or "
                                     "use mesongo.shared_library for a library that programs link")
        exports = self._module_exports("shared_module", kwargs["exports"])
        kind = SharedModule(name_prefix=kwargs["name_prefix"], name_suffix=kwargs["name_suffix"])
        return self._guarded("shared_module", lambda: self._library(state, args, kind, kwargs, exports))

    @typed_pos_args("mesongo.extension_module", object, str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.extension_module", *FUNCTIONS["extension_module"].kwargs)
    def extension_module(self, state: ModuleState, args: tuple[T.Any, str, list[str | File]],
                         kwargs: ExtensionModuleKwargs) -> ModuleReturnValue:
        py, name, sources = args
        # Python looks up PyInit_NAME (PEP 489); everything else stays inside, as Meson's own
        # extension modules are built with hidden visibility.
        exports = (ExportRule(ExportMode.LIST, (f"PyInit_{name}",)) if kwargs["exports"] is None
                   else self._module_exports("extension_module", kwargs["exports"]))
        python = compat.python_installation(py, self._interpreter(state))
        if python is None:
            raise MesonException(
                f"mesongo.extension_module: the first argument is a {type(py).__name__}, not a Python installation: "
                "pass what import('python').find_installation() returns, e.g. go.extension_module(py, '_name', 'go')")
        if kwargs["install_dir"] is not None and kwargs["subdir"]:
            raise MesonException('mesongo.extension_module: "subdir" and "install_dir" are mutually exclusive')
        extension = compat.python_extension(state, python, kwargs["limited_api"], kwargs["dependencies"])
        # Named as py.extension_module() names it: the suffix's first parts go into the name.
        stem, suffix = extension.suffix.rsplit(".", 1)
        kind = PythonExtension(name_prefix="", name_suffix=suffix)
        install_dir = kwargs["install_dir"] or compat.python_install_dir(python, kwargs["subdir"])
        full = T.cast(ExtensionModuleKwargs, {**kwargs, "install_dir": install_dir})
        return self._guarded("extension_module", lambda: self._library(
            state, (name + stem, sources), kind, full, exports, extra_dependencies=extension.dependencies,
            extra_cflags=extension.cflags))

    @typed_pos_args("mesongo.executable", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.executable", *FUNCTIONS["executable"].kwargs)
    def executable(self, state: ModuleState, args: Sources, kwargs: ExecutableKwargs) -> ModuleReturnValue:
        kind = Program(native=kwargs["native"])
        return self._guarded("executable", lambda: self._target(
            state, args, kind, kwargs, self._program_settings(kwargs), native=kwargs["native"], cgo=kwargs["cgo"],
            module_package=facts.module_package(state, args[1], kwargs["modfile"]))[0])

    @typed_pos_args("mesongo.test", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.test", *FUNCTIONS["test"].kwargs)
    def test(self, state: ModuleState, args: Sources, kwargs: TestKwargs) -> ModuleReturnValue:
        # env: is the test's run-time environment (register_test), build_env: Go's when it builds the test.
        build_kwargs = T.cast(TestKwargs, {**kwargs, "env": kwargs["build_env"]})
        result, record = self._guarded_target("test", lambda: self._target(
            state, args, GoTest(), build_kwargs, planner.OutputSettings(header=False), cgo=kwargs["cgo"]))
        wrapper: list[str] = []
        if state.environment.need_exe_wrapper():
            exe_wrapper = state.environment.get_exe_wrapper()
            if exe_wrapper is None or not exe_wrapper.found():
                raise MesonException(f"mesongo.test: the cross-file has no exe_wrapper, so the Go test {args[0]!r} "
                                     "cannot run on this machine: add exe_wrapper (e.g. a qemu-user emulator) to its "
                                     "[binaries], or skip go.test() when meson.can_run_host_binaries() is false")
            wrapper = list(exe_wrapper.get_command())
        go = facts.toolchain(state, self.registry).path
        gocoverdir = coverage.counters_dir(state.environment.get_build_dir()) \
            if compat.meson_options(state).coverage else None
        objects.register_test(state, self._interpreter(state), args[0], result.return_value, go,
                              record.package_dir, wrapper, kwargs, gocoverdir)
        return ModuleReturnValue(None, result.new_objects)

    # Any object: the messages below say what to pass instead.
    @typed_pos_args("mesongo.dependency", object)
    @noKwargs
    def dependency(self, state: ModuleState, args: tuple[T.Any], kwargs: dict[str, T.Any]) -> T.Any:
        compat.record_target_nodes(getattr(state, "_interpreter", None), self.registry.nodes)   # a subproject's
        lib = args[0]
        record = self.registry.record_of(lib) if isinstance(lib, (build.BuildTarget, build.BothLibraries,
                                                                  build.CustomTargetIndex)) else None
        takes = ("it takes what mesongo.shared_library(), static_library(), library() or both_libraries() "
                 "returns")
        if record is None and isinstance(lib, (build.SharedLibrary, build.StaticLibrary)):
            raise MesonException(f"mesongo.dependency: {lib.name!r} is a Meson {lib.get_typename()}, not a Go "
                                 f"library: {takes}; a C library needs no go.dependency(): give it to link_with:, "
                                 "or to declare_dependency(link_with: ...) with its include directories")
        if isinstance(lib, str):
            raise MesonException(f"mesongo.dependency: the argument is the string {lib!r}: {takes}, e.g. "
                                 f"lib = go.shared_library({lib!r}, 'go') and then go.dependency(lib)")
        if record is not None and not record.kind.C_API:
            raise MesonException(f"mesongo.dependency: {record.files.filename} is a Go {record.kind.NOUN}, which "
                                 f"nothing links: {takes}; run a program as the command of custom_target() or "
                                 "test(), or build its Go code as a library")
        if isinstance(lib, Dependency):
            raise MesonException(f"mesongo.dependency: the argument is already a dependency, not a Go library: "
                                 f"{takes}; a dependency goes into dependencies: as it is")
        if record is None:
            what = f"the custom target {lib.name!r}" if isinstance(lib, (build.CustomTarget, build.CustomTargetIndex)) \
                else f"a {type(lib).__name__}"
            raise MesonException(f"mesongo.dependency: the argument is {what}, not a Go library: {takes}")
        if not record.kind.LINKABLE:
            raise MesonException(f"mesongo.dependency: {record.files.filename} is a Go {record.kind.NOUN}: "
                                 f"{hooks.NOT_LINKABLE}")
        return objects.dependency(state, self._interpreter(state), lib, record)

    def postconf_hook(self, b: build.Build) -> None:
        """Meson (>= 1.2; earlier, see initialize()) calls this when the whole project is read."""
        completion.complete_targets(b, self.registry, self.interpreter)
        hooks.after_configure(b, self.registry)

    # --- implementation -----------------------------------------------------------------------

    def _interpreter(self, state: ModuleState) -> T.Any:
        """The interpreter of the calling (sub)project (its version is a dependency's default)."""
        return getattr(state, "_interpreter", None) or self.interpreter

    @staticmethod
    def _guarded(method: str, body: T.Callable[[], ModuleReturnValue]) -> ModuleReturnValue:
        """Turn mesongo's own errors into a Meson error that Meson prints with file:line."""
        try:
            return body()
        except MesongoError as exc:   # CommandError included: its text carries Go's stderr
            raise MesonException(f"mesongo.{method}: {exc}") from None

    @staticmethod
    def _guarded_target(method: str, body: T.Callable[[], tuple[ModuleReturnValue, TargetRecord]]
                        ) -> tuple[ModuleReturnValue, TargetRecord]:
        try:
            return body()
        except MesongoError as exc:
            raise MesonException(f"mesongo.{method}: {exc}") from None

    @staticmethod
    def _module_exports(method: str, value: str | list[str]) -> ExportRule:
        rule = _export_rule(value)
        if rule.mode is ExportMode.ALL:
            raise MesonException(f"mesongo.{method}: exports: 'all' would export the cgo runtime (crosscall2, "
                                 "_cgo_*, ...) into the host process, where it can collide with the host's own or "
                                 "another module's: use 'api' (the default), 'export' or a list of names")
        return rule

    @staticmethod
    def _header(state: ModuleState, value: str | bool | File, exports: ExportRule
                ) -> tuple[str | bool, planner.OwnHeader | None]:
        """`header:` as the plan takes it: the generated header's name (or true, false), or the
        project's own header (a File; cgo's header is then made for the export list only)."""
        own = None
        if isinstance(value, File):
            env = state.environment
            own = planner.OwnHeader(value.absolute_path(env.get_source_dir(), env.get_build_dir()),
                                    os.path.dirname(os.path.join(value.subdir, value.fname)))
        if exports.mode is ExportMode.HEADER and own is None:
            raise ConfigError(   # _guarded() names the function that was called
                "exports: 'header' exports exactly the functions the project's own header "
                "declares, and this library has none: give it as header: files('include/NAME.h'), or choose "
                "exports: 'api', 'export' or a list of names")
        return (False, own) if own is not None else (value, None)

    @staticmethod
    def _program_settings(kwargs: _InstalledKwargs) -> planner.OutputSettings:
        return planner.OutputSettings(install=kwargs["install"], install_dir=facts.install_dir(kwargs["install_dir"]),
                                      install_tag=kwargs["install_tag"], header=False)

    def _library(self, state: ModuleState, args: Sources, kind: TargetKind, kwargs: _LibraryKwargs,
                 exports: ExportRule, extra_dependencies: T.Sequence[T.Any] = (),
                 extra_cflags: T.Sequence[str] = (), meson_function: str | None = None) -> ModuleReturnValue:
        """A library: its Go part (a CustomTarget: Go's object, header and export list), then
        Meson's own target that links it (`meson_function`: the kind's, or library() and
        both_libraries()), then the checks of what Meson linked."""
        header, own_header = self._header(state, kwargs["header"], exports)
        output = planner.OutputSettings(
            install=kwargs["install"], install_dir=facts.install_dir(kwargs["install_dir"]),
            install_tag=kwargs["install_tag"], header=header, own_header=own_header,
            install_header=kwargs["install_header"],
            header_install_dir=facts.install_dir(kwargs["header_install_dir"]), pkgconfig=kwargs["pkgconfig"],
            exports=exports)
        name = args[0]
        key = (state.subproject, state.subdir, name)
        settings = (kwargs["tags"], kwargs["ldflags"], kwargs["go_args"], kwargs["env"], kwargs["glibc_max"],
                    facts.package_dirs(state, args[1])[0], kwargs["header"], exports)
        part = self.registry.go_parts.get(key)
        made: list[T.Any] = []
        if part is None:
            result, record = self._target(state, args, kind, kwargs, output, extra_dependencies=extra_dependencies,
                                          extra_cflags=extra_cflags)
            part = GoPart(record.target, settings, self.registry.pending[-1].prep)   # the call's, just planned
            self.registry.add_go_part(key, part)
            made += result.new_objects
        elif part.settings != settings:
            raise MesonException(
                f"mesongo.{kind.KEY}: a Go library named {name!r} is already built in this directory with other "
                "Go settings (sources, tags, ldflags, go_args, env, glibc_max, header or exports): a shared and a "
                "static library of one name share one Go build and its header; give both calls the same settings, "
                "or use go.both_libraries()")
        record = self.registry.targets[part.target.get_id()]
        # This call's kind and install dirs (a second call of the name shares the Go part only).
        paths = planner.install_paths(kind, output, part.prep.meson, part.prep.fmt)
        prep = dataclasses.replace(part.prep, paths=paths,
                                   kind=kind.in_python_package() if paths.python_package_dir else kind)
        function = meson_function or kind.MESON_FUNCTION
        assert function is not None, f"a Go {kind.NOUN} is no library"
        libraries = objects.meson_library(state, self._interpreter(state), function, name, part.target, prep,
                                          record, kwargs, extra_dependencies)
        for lib in objects.libraries_of(libraries):
            lib_kind = prep.kind if isinstance(lib, build.SharedLibrary) or isinstance(kind, StaticLibrary) \
                else StaticLibrary()
            files = lib_kind.files(name, prep.fmt, record.files.header)
            part.linked.append(os.path.join(state.subdir, lib.get_filename()))
            self.registry.libraries[lib.get_id()] = dataclasses.replace(
                record, kind=lib_kind, files=dataclasses.replace(files, filename=lib.get_filename()),
                consumer_link_args=record.consumer_link_args if lib_kind.ARCHIVE else (),
                python_package_dir=paths.python_package_dir)
            if isinstance(lib, build.SharedLibrary):   # a module too
                check_plan = planner.check_plan(dataclasses.replace(prep, files=files), lib.get_filename(),
                                                step_code_digest())
                made.append(objects.check_target(state, lib, check_plan))
                self.registry.symbol_files[lib.get_id()] = check_plan.symbols
        return ModuleReturnValue(libraries, made)

    def _target(self, state: ModuleState, args: Sources, kind: TargetKind, kwargs: _GoKwargs,
                output: planner.OutputSettings, native: bool = False, extra_dependencies: T.Sequence[T.Any] = (),
                extra_cflags: T.Sequence[str] = (), cgo: bool = True,
                module_package: planner.ModulePackage | None = None) -> tuple[ModuleReturnValue, TargetRecord]:
        """The one path of every kind: Meson's facts, the plan, Go's facts, the rest of the plan,
        the Meson objects. `cgo` false (a program or test): no C compiler is asked or given, so
        a project without C builds it, and a cross build needs no C cross compiler.
        `module_package`: a program named by import path (facts.module_package)."""
        registry = self.registry
        # A subproject shares the module (and this module's __init__ ran for the first importer only).
        compat.record_target_nodes(getattr(state, "_interpreter", None), registry.nodes)
        name, sources = args
        package_dirs, source_files = ((module_package.run_dir,), []) if module_package is not None \
            else facts.package_dirs(state, sources)
        request = planner.TargetRequest(
            name=name, kind=kind, package_dirs=package_dirs, output=output, module_package=module_package,
            go=planner.GoSettings(tuple(kwargs["tags"]), tuple(kwargs["ldflags"]), tuple(kwargs["go_args"]),
                                  dict(kwargs["env"]), kwargs["glibc_max"], cgo=cgo))
        planner.check_request(request)
        machine = facts.host_machine(state, native)
        if not cgo:
            facts.refuse_c_without_cgo(kind, kwargs["link_with"], kwargs["dependencies"])
        cc = facts.compilers(state, native) if cgo else None
        goos = goenv.go_target(machine)["GOOS"]
        if goos == "darwin" and not native and not facts.runs_host_programs(state):
            compat.log_once(mlog.bold("mesongo:"), "this build is for macOS, whose programs this machine cannot run "
                            "(the cross-file has no exe_wrapper): meson test reports its tests as skipped, and "
                            "mesongo checks every Go library and program by reading its Mach-O file")
        # Both are under way since import('mesongo') (probes.py); what the probes did not guess
        # (another go, C compiler or c_args) starts here, the C compiler beside Go.
        asked_c = facts.c_facts(machine, cc, registry) if goos == "linux" and cc is not None else None
        toolchain = facts.toolchain(state, registry)
        c_facts = asked_c() if asked_c is not None else None
        options = compat.meson_options(state)
        sanitizer_cc = facts.sanitizer_cc(state, cc, options) if cc is not None else None
        c = facts.c_dependencies(state, kind, [*kwargs["link_with"], *kwargs["dependencies"], *extra_dependencies],
                                 registry)
        inputs = dataclasses.replace(c.inputs, cflags=(*c.inputs.cflags, *extra_cflags))
        meson = planner.MesonFacts(
            build_root=state.environment.get_build_dir(), subdir=state.subdir, prefix=str(state.get_option("prefix")),
            project_version=str(state.project_version), machine=machine, cc=cc, options=options,
            dirs=facts.meson_dirs(state), c_inputs=inputs, strip=bool(compat.option(state, "strip", False)),
            setup_env=setupenv.kept(state.environment.get_build_dir()), sanitizer_cc=sanitizer_cc,
            pie_default=c_facts is not None and c_facts.pie_default, pkg_config=facts.pkg_config_search(state, native))
        prep = planner.prepare(request, meson, toolchain, c_facts.libc if c_facts is not None else None)
        if prep.musl_note:
            compat.log_once(mlog.bold("mesongo:"), prep.musl_note)
        shape = planner.outline(prep)
        question = self._question(state, prep)
        plan_path = os.path.join(prep.private_dir, "plan.json")
        command = objects.build_step_command(state, plan_path)
        ct = objects.custom_target(state, shape, prep.kind.NOUN, command, source_files, kwargs["build_by_default"],
                                   c.targets)
        record = TargetRecord(
            ct, prep.kind, shape.files, shape.header_index, shape.consumer_link_args, shape.strip,
            shape.build_rpaths, package_dirs[0], shape.on_devenv_path, shape.python_package_dir,
            c.header_dependencies, meson_link_args=shape.meson_link_args,
            own_header_dir=output.own_header.source_dir if output.own_header is not None else None)
        registry.targets[ct.get_id()] = record
        # Go is asked about the packages once the whole project is read (completion.py).
        registry.pending.append(PendingTarget(ct, prep, shape, question, plan_path, command))
        made = [ct, *objects.install_objects(state, shape)]
        return ModuleReturnValue(ct[0], made), record

    def _question(self, state: ModuleState, prep: planner.Prepared) -> FactsRequest:
        """What Go will be asked about the target's packages (one go list and one goscan, shared
        with the other targets of its module), and the checks that need no package."""
        toolchain = prep.toolchain
        env = facts.go_environment_at_setup(state, prep.env)
        gofacts.check_target(toolchain, env, prep.env["GOOS"], prep.env["GOARCH"], self.registry.dist_targets,
                             cgo=prep.request.go.cgo)
        module_package = prep.request.module_package
        return FactsRequest(toolchain.path, env, prep.request.package_dirs, prep.build_args,
                            goscan.gofmt_path(toolchain.env),
                            pin_gowork="GOWORK" not in prep.env, may_fetch=compat.wrap_mode(state) != "nodownload",
                            import_path=module_package.import_path if module_package is not None else None)


def initialize(interpreter: Interpreter, started: probes.Started | None = None) -> GoModule:
    """`started`: the questions _finder.py asked before importing this module (probes.py)."""
    compat.note_if_untested()
    runner.set_logger(mlog.debug)   # every command mesongo runs at setup goes to meson-log.txt
    # Upgrading mesongo must regenerate the build files that it wrote. An upgrade rewrites every
    # file of the package, so one is enough: each one listed is a stat in every no-op ninja run.
    interpreter.build_def_files.add(os.path.join(PACKAGE_DIR, "__init__.py"))
    module = GoModule(interpreter)
    registry = module.registry
    if started is not None:
        registry.toolchains.update(started.toolchains)
        registry.c_facts.update(started.c_facts)
    compat.call_before_generate(interpreter, module.postconf_hook)
    compat.wrap_coverage_commands(interpreter, lambda outputs, command: hooks.coverage_command(
        interpreter.environment, registry, outputs, command))
    compat.adjust_install_data(interpreter, lambda backend: hooks.stripped_outputs(backend, registry),
                               lambda backend: hooks.installed_build_rpaths(backend, registry))
    compat.introspect_go_targets(interpreter, lambda target_id: hooks.introspected_sources(target_id, registry))
    compat.own_symbol_files(interpreter, registry.symbol_files.get)
    zigmacho.apple_link_arguments_for_zig(interpreter)
    return module


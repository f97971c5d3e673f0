"""The watch loop: re-render a preview session whenever one of its input files changes.

watchfiles (Rust ``notify``: inotify on Linux, FSEvents on macOS, no
polling) watches the folders holding the session's inputs, not recursively,
and only changes to the inputs themselves trigger a render (the output
folder may sit inside the issue folder). Changes arriving within
``STEP_MS`` of each other (an editor's write-then-rename) make one render.
A change to the font configuration reloads the fonts first; when it is
unusable the old fonts stay and the render reports the error. When a render
brings in files in new folders (an article added to the issue), the watcher
restarts on the new set of folders.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, List, Optional, Set

STEP_MS = 20  # group changes arriving this close together
DEBOUNCE_MS = 400  # longest time changes are grouped
TICK_MS = 200  # the watcher wakes this often to notice a stop request


def watch_roots(inputs: Set[Path]) -> List[str]:
    """The existing folders holding the input files, sorted."""
    return sorted({str(p.parent) for p in inputs if p.parent.is_dir()})


class Watcher:
    """Runs a PreviewSession: one render, then one per change, reported through ``on_render``."""

    def __init__(self, session, on_render: Callable = lambda state: None,
                 on_ready: Optional[Callable[[int, int], None]] = None):
        self.session = session
        self.on_render = on_render
        self.on_ready = on_ready or self._print_ready
        self.stop_event = threading.Event()
        self.renders = 0

    def stop(self) -> None:
        """Ask the loop to end (from another thread); it returns within TICK_MS."""
        self.stop_event.set()

    def render(self, changed: Set[Path] = frozenset()):
        """One render (fonts reloaded first when their configuration changed); the state is reported."""
        font_error = self.session.reload_fonts() if self.session.font_config() in changed else None
        state = self.session.render(font_error)
        self.on_render(state)
        return state

    def run(self, max_renders: int = 0):
        """Render, then watch until stopped, Ctrl-C, or ``max_renders`` re-renders (-1: none); the last state."""
        state = self.render()
        if max_renders < 0:
            return state
        try:
            while not self.stop_event.is_set():
                roots = watch_roots(self.session.inputs)
                state, done = self._watch(roots, state, max_renders)
                if done:
                    break
        except KeyboardInterrupt:
            print("stopped; the last good pages are in the output folder", flush=True)
        return state

    def _watch(self, roots: List[str], state, max_renders: int):
        """Watch ``roots`` until the inputs move to other folders (False) or the loop should end (True)."""
        import watchfiles

        ready = False
        for changes in watchfiles.watch(*roots, watch_filter=self._relevant, debounce=DEBOUNCE_MS, step=STEP_MS,
                                        stop_event=self.stop_event, rust_timeout=TICK_MS, yield_on_timeout=True,
                                        recursive=False, raise_interrupt=True):
            if not ready:
                ready = True
                self.on_ready(len(self.session.inputs), len(roots))
            if not changes:
                continue
            state = self.render({Path(p).resolve() for _change, p in changes})
            self.renders += 1
            if max_renders and self.renders >= max_renders:
                return state, True
            if watch_roots(self.session.inputs) != roots:
                return state, False
        return state, True

    def _relevant(self, _change, path: str) -> bool:
        """Only the session's input files trigger a render."""
        return Path(path).resolve() in self.session.inputs

    def _print_ready(self, files: int, folders: int) -> None:
        from ..model.template import display_path

        out = display_path(self.session.options.out)
        print(f"watching {files} files in {folders} folders; pictures and page PDFs go to {out}/; Ctrl-C to stop",
              flush=True)

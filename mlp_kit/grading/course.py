"""Where things are in an nbgrader course: the folder with ``nbgrader_config.py``.

Reads the settings ``mlp-kit grade`` shares with nbgrader from the course's
own configuration file, so the two never disagree: the source and release
folder names, the gradebook URL and the per-cell timeout.
"""

from dataclasses import dataclass
from pathlib import Path

CONFIG = "nbgrader_config.py"


class CourseError(RuntimeError):
    """The course or lesson cannot be found or read; the message says what to do."""


@dataclass
class Course:
    root: Path
    source: str = "source"
    release: str = "release"
    submitted: str = "submitted"
    db_url: str = ""
    cell_timeout: float = 30.0

    @classmethod
    def find(cls, start=None):
        """The course whose folder holds ``nbgrader_config.py``: ``start`` or one of its parents."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG).is_file():
                return cls.load(folder)
        raise CourseError(
            f"No {CONFIG} in {here} or its parents. Run mlp-kit from the course folder "
            f"(the one with {CONFIG}), or pass --course FOLDER."
        )

    @classmethod
    def load(cls, root):
        root = Path(root).resolve()
        course = cls(root=root, db_url=f"sqlite:///{root / 'gradebook.db'}")
        path = root / CONFIG
        if path.is_file():
            from traitlets.config.loader import PyFileConfigLoader

            try:
                cfg = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
            except Exception as exc:  # noqa: BLE001 - report any error in the instructor's file
                raise CourseError(f"Could not read {path}: {exc}") from None
            cd = cfg.get("CourseDirectory", {})
            course.source = cd.get("source_directory", course.source)
            course.release = cd.get("release_directory", course.release)
            course.submitted = cd.get("submitted_directory", course.submitted)
            course.db_url = cd.get("db_url", course.db_url)
            course.cell_timeout = float(cfg.get("Execute", {}).get("timeout", course.cell_timeout))
        return course

    def source_notebook(self, lesson):
        """The instructor's notebook of ``lesson`` (``<source>/<lesson>/<lesson>.ipynb``)."""
        folder = self.root / self.source / lesson
        path = folder / f"{lesson}.ipynb"
        if path.is_file():
            return path
        found = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
        if len(found) == 1:
            return found[0]
        known = sorted(p.name for p in (self.root / self.source).iterdir() if p.is_dir()) \
            if (self.root / self.source).is_dir() else []
        raise CourseError(
            f"No lesson {lesson!r}: expected the notebook {path}. "
            f"Lessons in {self.source}/: {', '.join(known) or 'none'}."
        )

    def release_folder(self, lesson):
        return self.root / self.release / lesson

    @property
    def gradebook_path(self):
        """The gradebook file, when the gradebook is SQLite (it is by default)."""
        prefix = "sqlite:///"
        return Path(self.db_url[len(prefix):]) if self.db_url.startswith(prefix) else None

"""PNG plots for the reports: the student's training runs, loss against epoch on a log scale.

matplotlib is imported inside the function, through its object-oriented API on an Agg canvas: no display,
no pyplot state, and nothing imported on the student's ``pytest`` path unless a report asks for a plot.
"""
import io
import warnings

#: losses above this are left out of the plot: the growth is plain by then, and a log axis cannot reach 1e308
CEILING = 1e40
COLORS = ("#c0392b", "#e67e22", "#2471a3", "#229954")
TITLES = {"diverging": "Diverging: learning rate above the limit",
          "converging": "Converging: learning rate below the limit"}


def training_runs_png(curves, dpi=100):
    """One PNG (bytes): the diverging runs on the left, the converging ones on the right."""
    import numpy as np

    # a diverging run reaches 1e300: the log axis's own transforms overflow harmlessly on the way
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return _draw(curves, dpi)


def _draw(curves, dpi):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = list(dict.fromkeys(c.panel for c in curves))
    figure = Figure(figsize=(5.5 * len(panels), 4.0), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels):
        errors = []
        for index, curve in enumerate(c for c in curves if c.panel == panel):
            color = COLORS[index % len(COLORS)]
            epochs, losses = curve.finite
            shown = losses <= CEILING  # beyond it the axis's own arithmetic overflows
            epochs, losses = epochs[shown], losses[shown]
            if curve.error or not len(losses):
                errors.append(f"{curve.label}: {curve.error or 'no finite positive loss'}")
                continue
            words = [f"beyond 1e{int(np.log10(CEILING))} from epoch {epochs[-1] + 1}"] if not shown.all() else []
            words += [f"inf at epoch {curve.blew_up_at}"] if curve.blew_up_at else []
            label = f"{curve.label} ({', '.join(words)})" if words else curve.label
            ax.plot(epochs, losses, color=color, lw=1.6, label=label)
            if words:
                ax.plot(epochs[-1], losses[-1], "x", color=color, ms=9, mew=2)
        if ax.lines:
            ax.set_yscale("log")
            ax.legend(loc="best", fontsize=8)
        else:
            ax.set_xticks([])
            ax.set_yticks([])
        if errors:
            ax.text(0.5, 0.5, "\n".join(_wrap(e) for e in errors), transform=ax.transAxes, ha="center",
                    va="center", fontsize=8, color="#555555")
        ax.set_title(TITLES.get(panel, panel), fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss (log scale)")
        ax.grid(True, which="major", alpha=0.3)
    functions = ", ".join(dict.fromkeys(f"{c.function}" for c in curves if getattr(c, "function", "")))
    figure.suptitle(f"Your {functions or 'training runs'}", fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _wrap(text, width=60):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])

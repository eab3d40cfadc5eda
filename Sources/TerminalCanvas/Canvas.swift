/// Pure-Swift terminal drawing: cells, styles, layout and widgets.

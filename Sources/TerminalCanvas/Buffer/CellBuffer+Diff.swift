/// Diffing two frames: which cells changed.
extension CellBuffer {
    /// The runs of cells that differ between `previous` and `self`, top to bottom and
    /// left to right; every cell when the sizes differ.
    ///
    /// A run that ends on the left half of a wide character is extended over its right
    /// half, so a backend never splits one.
    public func diff(from previous: CellBuffer) -> [CellRun] {
        var runs: [CellRun] = []
        guard previous.area == area else {
            for row in 0..<height where width > 0 {
                runs.append(CellRun(x: area.x, y: area.y + row, count: width))
            }
            return runs
        }
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                for row in 0..<height {
                    let base = row * width
                    var column = 0
                    while column < width {
                        if new[base + column] == old[base + column] {
                            column += 1
                            continue
                        }
                        let start = column
                        while column < width && new[base + column] != old[base + column] { column += 1 }
                        if column < width && new[base + column].isContinuation { column += 1 }
                        runs.append(CellRun(x: area.x + start, y: area.y + row, count: column - start))
                    }
                }
            }
        }
        return runs
    }

    /// The number of cells that differ from `previous`.
    public func changedCellCount(from previous: CellBuffer) -> Int {
        diff(from: previous).reduce(0) { $0 + $1.count }
    }
}

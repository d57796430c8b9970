import GoTemplate

extension Sprig {
    /// `now`, `date`, `dateInZone`, `toDate`, `dateModify`, `ago`, `duration`, … (Go's time).
    public static var dateFunctions: [String: GoFunction] { [:] }
}

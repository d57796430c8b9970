import Testing
@testable import Sprig

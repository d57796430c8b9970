import Testing
@testable import GoTemplate

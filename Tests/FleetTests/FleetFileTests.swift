import Fleet
import Foundation
import Scenario
import Testing

/// Bad fleet files are errors naming file, line, field and what is allowed.
@Suite("Fleet files")
struct FleetFileTests {
    static let valid = """
    name: t
    epoch: 1h
    horizon: 4
    start: 2023-06-01T16:00:00+08:00
    sites:
      - name: campus
        powerCap: 1 kW
    carbonBudget: 2 kg
    nodes:
      - name: n
        scenario: sdxl-ecommerce-sichuan.yaml
        site: campus
        replicas: 3
        carbon: {region: beijing}
    """

    func error(_ text: String) throws -> ScenarioError? {
        let path = try FleetFixtures.write(text)
        do { _ = try FleetFile.load(contentsOf: path); return nil } catch { return error }
    }

    @Test func aValidFileExpandsReplicasAndOverrides() throws {
        let f = try FleetFile.load(contentsOf: FleetFixtures.write(Self.valid))
        #expect(f.nodes.map(\.name) == ["n-1", "n-2", "n-3"])
        #expect(f.horizon == 4 && f.epochLength == 3600)
        #expect(f.sites[0].cap == [1000, 1000, 1000, 1000])
        #expect(f.carbonBudget == 2000)
        guard case .region = f.nodes[0].scenario.carbon else { Issue.record("expected the region override"); return }
    }

    @Test func theExampleFleetLoadsAndPlans() throws {
        let path = FleetFixtures.problems.appendingPathComponent("fleets/two-regions.yaml").path
        #expect(FleetFile.isFleetFile(path))
        let f = try FleetFile.load(contentsOf: path)
        #expect(f.nodes.count == 4 && f.movable.count == 1 && f.sites.count == 2)
    }

    @Test func unknownSiteSuggestsTheClosest() throws {
        let e = try #require(try error(Self.valid.replacingOccurrences(of: "site: campus", with: "site: campsu")))
        #expect(e.field == "nodes[0].site")
        #expect(e.line == 12)
        #expect(e.rule.contains("did you mean 'campus'"))
        #expect(e.file?.hasSuffix("fleet.yaml") == true)
    }

    @Test func unknownTopLevelKeyIsAnError() throws {
        let e = try #require(try error(Self.valid + "\ncarbonBudgte: 3 kg\n"))
        #expect(e.field.contains("carbonBudgte"))
        #expect(e.rule.contains("carbonBudget"))
    }

    @Test func badUnitsNameTheAllowedOnes() throws {
        let mass = try #require(try error(Self.valid.replacingOccurrences(of: "2 kg", with: "2 lb")))
        #expect(mass.field == "carbonBudget" && mass.rule.contains("g, kg, t"))
        let power = try #require(try error(Self.valid.replacingOccurrences(of: "1 kW", with: "1 hp")))
        #expect(power.field == "sites[0].powerCap" && power.rule.contains("W or kW"))
        let caps = try #require(try error(Self.valid.replacingOccurrences(of: "1 kW", with: "[1 kW, 2 kW]")))
        #expect(caps.rule.contains("4 epochs"))
    }

    @Test func nodesMustShareTheGrid() throws {
        let text = Self.valid.replacingOccurrences(of: "epoch: 1h\nhorizon: 4\n", with: "") + """

      - name: m
        scenario: mixed-day-germany.yaml
    """
        let e = try #require(try error(text))
        #expect(e.rule.contains("set `epoch:` in the fleet file") || e.rule.contains("set `horizon:` in the fleet file")
                || e.rule.contains("set `start:` in the fleet file"))
    }

    @Test func movableWorkNeedsAHost() throws {
        let e = try #require(try error(Self.valid + """

    movable:
      - name: x
        model: llama-2-70b
        amount: 10
    """))
        #expect(e.field == "movable[0].model")
        #expect(e.rule.contains("no node runs model 'llama-2-70b'"))
    }

    @Test func overriddenScenarioFieldsAreCheckedAndAttributed() throws {
        let e = try #require(try error(Self.valid.replacingOccurrences(of: "carbon: {region: beijing}", with: "carbon: {region: atlantis}")))
        #expect(e.file?.contains("fleet.yaml") == true)
        #expect(e.rule.contains("beijing") || e.rule.contains("region"))
    }
}

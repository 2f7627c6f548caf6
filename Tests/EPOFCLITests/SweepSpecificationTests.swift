import Foundation
import Testing
@testable import EPOFCommands

/// The `--vary PATH=SPEC` parser: ranges, lists, units, aliases, the cartesian order and every
/// kind of bad input.
@Suite struct SweepSpecificationTests {
    func values(_ argument: String) throws -> [Double] {
        try SweepSpecification.dimension(argument).values.map { try #require($0.number) }
    }

    func error(_ argument: String) -> String {
        do {
            _ = try SweepSpecification.dimension(argument)
            return ""
        } catch {
            return error.message
        }
    }

    @Test func rangesIncludeTheStopWithinAFloatTolerance() throws {
        #expect(try values("alpha=0.1:0.3:0.1") == [0.1, 0.2, 0.3])
        #expect(try values("alpha=0:0.7:0.1") == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        #expect(try values("power_cap=200:320:20") == [200, 220, 240, 260, 280, 300, 320])
        #expect(try values("alpha=0:1:0.3") == [0, 0.3, 0.6, 0.9], "a stop off the grid is not reached")
        #expect(try values("beta=0.5:0.5:0.1") == [0.5], "start = stop is one value")
        #expect(try values("horizon=4:16:4") == [4, 8, 12, 16])
    }

    @Test func rangesAndListsTakeTheFieldsUnits() throws {
        #expect(try values("power_cap=200W:0.32kW:20W") == [200, 220, 240, 260, 280, 300, 320])
        #expect(try values("epoch=15m:1h:15m") == [900, 1800, 2700, 3600])
        #expect(try values("slo=500ms:1.5s:500ms") == [0.5, 1, 1.5])
        #expect(try values("interactive_rate=60/min,2") == [1, 2])
        #expect(try values("preset.cardPowerCap=250 W, 0.3 kW") == [250, 300])
        #expect(try values("thermal_limit=80,85 °C") == [80, 85])
    }

    @Test func aliasesAndPathsNameTheSameFields() throws {
        let a = try SweepSpecification.dimension("power_cap=200,300")
        #expect(a.path == "preset.cardPowerCap" && a.unit == "W" && a.name == "power_cap")
        #expect(try SweepSpecification.dimension("region=beijing,sichuan").path == "carbon.region")
        #expect(try SweepSpecification.dimension("preset=ecommerce,research").path == "preset")
        #expect(try SweepSpecification.dimension("epoch_length=15m").path == "epoch")
        #expect(try SweepSpecification.dimension("epochLength=15m,30m").values == [.number(900), .number(1800)])
        #expect(try SweepSpecification.dimension("arrivals.deferrable.deadline=8h").path == "arrivals.deferrable.deadline")
        let text = try SweepSpecification.dimension("region=beijing,sichuan").values
        #expect(text == [.text("beijing"), .text("sichuan")])
        #expect(try SweepSpecification.dimension("workload.guidance=yes,off").values == [.text("true"), .text("false")])
        #expect(try SweepSpecification.dimension("preset=ecommerce,eco").values.count == 2, "user presets are checked at load")
        #expect(try SweepSpecification.dimension("start=2023-06-01T18:00:00+08:00").values == [.text("2023-06-01T18:00:00+08:00")],
                "colons in text values are literal")
        #expect(try SweepSpecification.dimension("cards=1,2,4").values.map(\.yamlText) == ["1", "2", "4"])
    }

    @Test func badSpecificationsNameTheArgumentAndWhatIsAllowed() {
        let unknown = error("preset.cardPowerCaps=200")
        #expect(unknown.contains("--vary preset.cardPowerCaps=200") && unknown.contains("not a scenario field")
                && unknown.contains("preset.cardPowerCap"), "\(unknown)")
        #expect(error("power_cp=200").contains("power_cap"), "\(error("power_cp=200"))")
        #expect(error("power_cap=320:200:20").contains("empty"))
        #expect(error("power_cap=200:320:0").contains("step must be > 0"))
        #expect(error("power_cap=200:320:-20").contains("step must be > 0"))
        #expect(error("region=a:b:c").contains("not numeric"))
        #expect(error("preset=ecommerce:research:1").contains("not numeric"))
        #expect(error("power_cap=a:b:c").contains("preset.cardPowerCap"))
        #expect(error("power_cap=200:300").contains("start:stop:step"))
        #expect(error("power_cap=200W:300W:20s").contains("unknown unit"))
        #expect(error("alpha=0.1:0.3:0.1W").contains("plain numbers"))
        #expect(error("cards=1:2:0.5").contains("whole numbers"))
        #expect(error("region=beijing,beijing").contains("twice"))
        #expect(error("power_cap=200,200W").contains("twice"))
        #expect(error("region=beijing,,sichuan").contains("empty value"))
        #expect(error("power_cap").contains("PATH=SPEC"))
        #expect(error("power_cap=").contains("no values"))
        #expect(error("carbon.peakHours=8").contains("list"))
        let typo = error("region=sichaun")
        #expect(typo.contains("did you mean 'sichuan'") && typo.contains("allowed: beijing, sichuan"), "\(typo)")
        #expect(error("solver=highs").contains("allowed: glpk, clp, cbc"))
    }

    @Test func contradictionsAndTheCaseLimitAreCaughtTogether() throws {
        func check(_ args: [String], yes: Bool = false) -> String {
            do {
                try SweepSpecification.check(args.map { try SweepSpecification.dimension($0) }, allowMany: yes)
                return ""
            } catch let e as SweepError {
                return e.message
            } catch {
                return "\(error)"
            }
        }
        #expect(check(["power_cap=200", "preset.cardPowerCap=300"]).contains("both vary preset.cardPowerCap"))
        #expect(check(["preset=ecommerce", "preset.inherits=research"]).contains("both vary"))
        #expect(check(["carbon.region=beijing", "carbon.csv=x.csv"]).contains("contradict"))
        #expect(check(["node.device=ascend-910b", "node.file=n.yaml"]).contains("contradict"))
        #expect(check(["power_cap=200,300", "region=beijing,sichuan"]) == "")
        let big = check(["power_cap=100:900:10", "region=beijing,sichuan"])
        #expect(big.contains("162 cases") && big.contains("--yes"), "\(big)")
        #expect(check(["power_cap=100:900:10", "region=beijing,sichuan"], yes: true) == "")
        #expect(check(["power_cap=1:64:1"]) == "", "64 cases are allowed")
        #expect(check(["power_cap=1:65:1"]).contains("more than 64"))
    }

    @Test func casesAreTheCartesianProductFirstVaryOutermost() throws {
        let dims = try ["power_cap=200,300", "region=beijing,sichuan", "preset=ecommerce,research,eco"].map(SweepSpecification.dimension)
        let cases = SweepSpecification.cases(dims)
        #expect(cases.count == 12)
        #expect(Array(cases.prefix(4)) == [[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 1, 0]])
        #expect(cases.last == [1, 1, 2])
        #expect(Set(cases.map { $0 }).count == 12)
        #expect(SweepSpecification.cases([]) == [[]])
    }
}

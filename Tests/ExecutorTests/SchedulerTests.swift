import Hardware
import Simulator
import Testing
import Workloads
@testable import Executor

@Suite struct SchedulerTests {
    @Test func scheduleCoversTheEpochAndKeepsFractions() throws {
        let catalog = try sdxlCatalog()
        let (hot, cool) = hotAndCoolPoints(catalog)
        let mix = CardMix(card: 0, entries: [
            MixEntry(point: hot.key, workClass: .elastic, fraction: 0.37),
            MixEntry(point: cool.key, workClass: .interactive, fraction: 0.21),
            MixEntry(point: cool.key, workClass: .elastic, fraction: 0.1),
        ])
                for order in [SegmentOrder.naive, .interleaved(slice: 2), .interleaved(slice: 30), .standard] {
            let s = try SegmentScheduler.schedule(mix, order: order, ticks: 9000, tick: 0.1, point: { catalog.point(for: $0) }, loadedProfile: nil)
            #expect(s.items.reduce(0) { $0 + $1.ticks } == 9000)
            var t = 0
            for it in s.items { #expect(it.start == t); #expect(it.ticks >= 1); t += it.ticks }
            #expect(abs(s.ticks(running: hot.key) - 3330) <= 1)
            #expect(abs(s.ticks(running: cool.key) - 2790) <= 1)
            #expect(abs(s.ticks(running: nil) - 2880) <= 1)
            // Merged shares at the cool point: 0.21 interactive, 0.1 elastic.
            let coolItem = try #require(s.items.first { $0.setting.point == cool.key })
            #expect(abs(coolItem.setting.shares.interactive - 0.21 / 0.31) < 1e-12)
            #expect(abs(coolItem.setting.shares.total - 1) < 1e-12)
        }
        let naive = try SegmentScheduler.schedule(mix, order: .naive, ticks: 9000, tick: 0.1, point: { catalog.point(for: $0) }, loadedProfile: nil)
        #expect(naive.items.count == 3)
        let sliced = try SegmentScheduler.schedule(mix, order: .interleaved(slice: 2), ticks: 9000, tick: 0.1, point: { catalog.point(for: $0) }, loadedProfile: nil)
        #expect(sliced.items.count > 1000)
        #expect(sliced.items[0].setting.point == hot.key)  // hottest first, then the coolest (idle)
        #expect(sliced.items[1].setting.isIdle)
    }

    @Test func profilesAreGroupedLoadedProfileFirst() throws {
        let catalog = try sdxlCatalog()
        let single = catalog.points.filter { $0.key.placement == .card }
        let a = try #require(single.first { $0.key.profile == .eco })
        let b = try #require(single.first { $0.key.profile == .ultraHigh })
        let mix = CardMix(card: 0, entries: [MixEntry(point: a.key, workClass: .elastic, fraction: 0.3),
                                             MixEntry(point: b.key, workClass: .elastic, fraction: 0.5)])
        let s = try SegmentScheduler.schedule(mix, order: .standard, ticks: 9000, tick: 0.1,
                                              point: { catalog.point(for: $0) }, loadedProfile: .eco)
        let profiles = s.items.compactMap { $0.setting.point?.profile }
        // One change of profile in the epoch, starting with the loaded one.
        var changes = 0
        for i in 1..<profiles.count where profiles[i] != profiles[i - 1] { changes += 1 }
        #expect(changes == 1)
        #expect(profiles.first == .eco)
    }

    @Test func invalidMixesAreErrors() throws {
        let catalog = try sdxlCatalog()
        let (hot, _) = hotAndCoolPoints(catalog)
        let bad = CardMix(card: 0, entries: [MixEntry(point: hot.key, workClass: .elastic, fraction: 0.8),
                                             MixEntry(point: hot.key, workClass: .interactive, fraction: 0.5)])
        #expect(throws: ExecutorError.self) { try bad.validate(cards: 1) }
        #expect(throws: ExecutorError.self) { try CardMix(card: 3, entries: []).validate(cards: 1) }
        #expect(throws: ExecutorError.self) {
            try SegmentScheduler.schedule(CardMix(card: 0, entries: []), order: .interleaved(slice: 0), ticks: 10, tick: 0.1,
                                          point: { _ in nil }, loadedProfile: nil)
        }
    }
}


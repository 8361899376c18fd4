package app.lightweight.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsCarryTheirPrefixAndAreUrlSafe() {
    assertThat(Ids.next("inv")).matches("inv_[0-9a-z]{26}");
  }

  @Test
  void idsSortByCreationTime() {
    String earlier = Ids.next("usr", 1_700_000_000_000L);
    String later = Ids.next("usr", 1_700_000_000_001L);
    assertThat(earlier).isLessThan(later);
  }

  @Test
  void idsMadeInTheSameMillisecondDoNotCollide() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(Ids.next("evt", 42L));
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
  }
}

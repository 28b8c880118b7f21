package dev.herald.channel;

import java.util.List;

/** A bean that contributes several providers at once, e.g. one per configured gateway. */
public interface ProviderSet {

    List<ChannelProvider> providers();
}

package dev.herald.delivery;

import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;

/**
 * One step of a flow's channel plan.
 *
 * @param address         the destination's address on this channel, or null when it has none (the step is skipped)
 * @param validityMinutes how long to keep trying and waiting for a delivery report before the cascade moves on
 * @param alongside       starts whenever the step before it starts, beside it, and decides nothing (another
 *                        messenger token of the same contact); always {@code required}
 * @param addressSource   which destination field gave {@code address} (the provider may need to know); null
 *                        without an address, and in plans stored before Herald recorded it
 */
public record PlannedChannel(Channel channel, boolean required, String provider, String address, int validityMinutes,
                             boolean alongside, AddressSource addressSource) {

    public PlannedChannel(Channel channel, boolean required, String provider, String address, int validityMinutes) {
        this(channel, required, provider, address, validityMinutes, false, null);
    }

    public boolean reachable() {
        return address != null;
    }

    /** This step skipped, as if the destination had no address on it. */
    public PlannedChannel skipped() {
        return new PlannedChannel(channel, required, provider, null, validityMinutes, alongside, null);
    }
}

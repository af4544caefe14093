// What an operator's pages reload when its live stream says something changed at its houses:
// each load that shows counts of people on site depends on this key (the operator layout
// invalidates it).
export const OPERATOR_LIVE = 'hameau:operator-live';

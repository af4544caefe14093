/** How much video a person's link can carry: all of it, the lowest layers, or none. */
export type Bandwidth = 'normal' | 'low' | 'audio';

/** What a person chose before joining; the call keeps them up to date as they change devices. */
export type JoinChoices = {
	micOn: boolean;
	camOn: boolean;
	audioInput?: string;
	videoInput?: string;
	audioOutput?: string;
	bandwidth: Bandwidth;
	roomDevice: boolean;
};

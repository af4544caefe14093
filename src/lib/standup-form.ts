// The stand-up setup form's fields as the page holds them (strings as typed), shared by the form
// component and the server's validation, which echoes them back after a refusal.

export type SetupValues = {
	name: string;
	audience: string;
	houseIds: string[];
	userIds: string[];
	days: number[];
	time: string;
	timeZone: string;
	questions: string[];
	speakerSeconds: string;
	runners: string;
	opensHours: string;
};

// One Twirp method: its request type, the grant it needs, and what it does. Shared by RoomService
// (index.ts) and the other services (other-services.ts), so all of them decode and check alike.
import type { AnyMessage, Message, MessageType } from '@bufbuild/protobuf';
import type { RoomServiceRequirement } from '../auth';
import { TwirpError } from './errors';

export type Format = 'json' | 'protobuf';

export interface MethodSpec<Req extends Message<Req>> {
	input: MessageType<Req>;
	/** The grant (or grants, all needed) the call requires; may refuse the request itself first. */
	requirement(request: Req): RoomServiceRequirement | RoomServiceRequirement[];
	run(request: Req): AnyMessage;
}

/** A method with its request type erased, so that all of them fit one table. */
export interface Method {
	decode(
		body: Buffer,
		format: Format
	): { requirements: RoomServiceRequirement[]; run(): AnyMessage };
}

export function method<Req extends Message<Req>>(spec: MethodSpec<Req>): Method {
	return {
		decode(body, format) {
			let request: Req;
			try {
				request =
					format === 'json'
						? spec.input.fromJsonString(body.toString('utf8') || '{}', {
								ignoreUnknownFields: true
							})
						: spec.input.fromBinary(body);
			} catch (error) {
				throw new TwirpError(
					'malformed',
					`the ${format} request could not be decoded: ${(error as Error).message}`
				);
			}
			const requirement = spec.requirement(request);
			return {
				requirements: Array.isArray(requirement) ? requirement : [requirement],
				run: () => spec.run(request)
			};
		}
	};
}

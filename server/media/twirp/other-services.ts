// The Twirp services LiveKit serves beside RoomService — Egress, Ingress, SIP and
// AgentDispatchService — answered as a single LiveKit node without Redis answers them
// (livekit/livekit pkg/service: egress.go, ingress.go, sip.go, agent_dispatch_service.go), so code
// written against LiveKit gets the same error here instead of a `bad_route`:
// - every call checks its grant first (roomRecord, ingressAdmin, sip.admin / sip.call, roomAdmin),
//   a refusal being `unauthenticated` "permissions denied";
// - Egress, Ingress and SIP then fail with LiveKit's "<service> not connected (redis required)"
//   (`internal`); starting an egress first looks the room up, then finds no egress worker to take
//   it ("no response from servers", `unavailable`), which LiveKit answers after its retries;
// - agent dispatches are kept per room as LiveKit keeps them; no agent worker can register here,
//   exactly as on a LiveKit without workers, so they stay waiting and end with their room.
import {
	AgentDispatch,
	AgentDispatchState,
	CreateAgentDispatchRequest,
	CreateIngressRequest,
	CreateSIPDispatchRuleRequest,
	CreateSIPInboundTrunkRequest,
	CreateSIPOutboundTrunkRequest,
	CreateSIPParticipantRequest,
	CreateSIPTrunkRequest,
	DeleteAgentDispatchRequest,
	DeleteIngressRequest,
	DeleteSIPDispatchRuleRequest,
	DeleteSIPTrunkRequest,
	GetSIPInboundTrunkRequest,
	GetSIPOutboundTrunkRequest,
	IngressInput,
	ListAgentDispatchRequest,
	ListAgentDispatchResponse,
	ListEgressRequest,
	ListIngressRequest,
	ListSIPDispatchRuleRequest,
	ListSIPInboundTrunkRequest,
	ListSIPOutboundTrunkRequest,
	ListSIPTrunkRequest,
	ParticipantEgressRequest,
	RoomCompositeEgressRequest,
	StartEgressRequest,
	StopEgressRequest,
	TrackCompositeEgressRequest,
	TrackEgressRequest,
	TransferSIPParticipantRequest,
	UpdateIngressRequest,
	UpdateLayoutRequest,
	UpdateSIPDispatchRuleRequest,
	UpdateSIPInboundTrunkRequest,
	UpdateSIPOutboundTrunkRequest,
	UpdateStreamRequest,
	WebEgressRequest
} from '@livekit/protocol';
import type { AnyMessage, Message, MessageType } from '@bufbuild/protobuf';
import type { RoomServiceRequirement } from '../auth';
import type { MediaBackend } from '../backend';
import { sid } from '../ids';
import { TwirpError } from './errors';
import { method, type Method } from './method';

/** LiveKit's errors for a service it has no store or worker for (pkg/service/errors.go). */
const notConnected = (service: 'egress' | 'ingress' | 'sip') => (): never => {
	throw new TwirpError('internal', `${service} not connected (redis required)`);
};

/** A method that checks its grant, then fails as LiveKit without the service does. */
function absent<Req extends Message<Req>>(
	input: MessageType<Req>,
	requirement: RoomServiceRequirement,
	fail: (request: Req) => never
): Method {
	return method({ input, requirement: () => requirement, run: fail });
}

const record: RoomServiceRequirement = { kind: 'record' };

function egressMethods(backend: MediaBackend): Record<string, Method> {
	const stopped = notConnected('egress');
	/** Start*: the room named must exist; then no egress worker answers. */
	const start = <Req extends Message<Req> & { roomName?: string }>(input: MessageType<Req>) =>
		absent(input, record, (request) => {
			const room = request.roomName ?? '';
			if (room && backend.listRooms([room]).length === 0) {
				throw new TwirpError('not_found', 'requested room does not exist');
			}
			throw new TwirpError('unavailable', 'no response from servers');
		});
	return {
		StartRoomCompositeEgress: start(RoomCompositeEgressRequest),
		StartWebEgress: start(WebEgressRequest),
		StartParticipantEgress: start(ParticipantEgressRequest),
		StartTrackCompositeEgress: start(TrackCompositeEgressRequest),
		StartTrackEgress: start(TrackEgressRequest),
		StartEgress: start(StartEgressRequest),
		UpdateLayout: absent(UpdateLayoutRequest, record, stopped),
		UpdateStream: absent(UpdateStreamRequest, record, stopped),
		ListEgress: absent(ListEgressRequest, record, stopped),
		StopEgress: absent(StopEgressRequest, record, stopped)
	};
}

function ingressMethods(): Record<string, Method> {
	const ingress: RoomServiceRequirement = { kind: 'ingress' };
	const stopped = notConnected('ingress');
	return {
		CreateIngress: method({
			input: CreateIngressRequest,
			// LiveKit refuses an unknown input type before it looks at the grant.
			requirement(request) {
				if (!(request.inputType in IngressInput)) {
					throw new TwirpError('invalid_argument', 'invalid ingress type');
				}
				return ingress;
			},
			run: stopped
		}),
		UpdateIngress: absent(UpdateIngressRequest, ingress, stopped),
		ListIngress: absent(ListIngressRequest, ingress, stopped),
		DeleteIngress: absent(DeleteIngressRequest, ingress, stopped)
	};
}

function sipMethods(backend: MediaBackend): Record<string, Method> {
	const admin: RoomServiceRequirement = { kind: 'sip-admin' };
	const call: RoomServiceRequirement = { kind: 'sip-call' };
	const stopped = notConnected('sip');
	const adminTypes: Record<string, MessageType<AnyMessage>> = {
		CreateSIPTrunk: CreateSIPTrunkRequest,
		CreateSIPInboundTrunk: CreateSIPInboundTrunkRequest,
		CreateSIPOutboundTrunk: CreateSIPOutboundTrunkRequest,
		UpdateSIPInboundTrunk: UpdateSIPInboundTrunkRequest,
		UpdateSIPOutboundTrunk: UpdateSIPOutboundTrunkRequest,
		GetSIPInboundTrunk: GetSIPInboundTrunkRequest,
		GetSIPOutboundTrunk: GetSIPOutboundTrunkRequest,
		ListSIPTrunk: ListSIPTrunkRequest,
		ListSIPInboundTrunk: ListSIPInboundTrunkRequest,
		ListSIPOutboundTrunk: ListSIPOutboundTrunkRequest,
		DeleteSIPTrunk: DeleteSIPTrunkRequest,
		CreateSIPDispatchRule: CreateSIPDispatchRuleRequest,
		UpdateSIPDispatchRule: UpdateSIPDispatchRuleRequest,
		ListSIPDispatchRule: ListSIPDispatchRuleRequest,
		DeleteSIPDispatchRule: DeleteSIPDispatchRuleRequest
	};
	const methods: Record<string, Method> = {};
	for (const [name, input] of Object.entries(adminTypes)) {
		methods[name] = absent(input, admin, stopped);
	}
	methods.CreateSIPParticipant = absent(CreateSIPParticipantRequest, call, stopped);
	// A transfer is checked field by field, then against both grants, then needs the participant,
	// which LiveKit looks up in the room: without a SIP bridge nobody in a room came by SIP.
	methods.TransferSIPParticipant = method({
		input: TransferSIPParticipantRequest,
		requirement(request) {
			if (!request.roomName) throw new TwirpError('invalid_argument', 'Missing room name');
			if (!request.participantIdentity) {
				throw new TwirpError('invalid_argument', 'Missing participant identity');
			}
			return [{ kind: 'sip-call' }, { kind: 'admin', room: request.roomName }];
		},
		run: (request) => {
			backend.getParticipant(request.roomName, request.participantIdentity);
			throw new TwirpError('invalid_argument', 'no SIP session associated with participant');
		}
	});
	return methods;
}

/** Agent dispatches of each room, keyed by the room's sid so they end with that room. */
class DispatchTable {
	private readonly byRoomSid = new Map<string, { room: string; dispatches: AgentDispatch[] }>();

	constructor(private readonly backend: MediaBackend) {}

	/** The dispatches of a room that exists now (those of rooms gone are forgotten). */
	private entry(room: string): AgentDispatch[] | null {
		const current = this.backend.listRooms([room])[0];
		for (const [roomSid, entry] of this.byRoomSid) {
			if (!this.backend.listRooms([entry.room]).some((info) => info.sid === roomSid)) {
				this.byRoomSid.delete(roomSid);
			}
		}
		if (!current) return null;
		let entry = this.byRoomSid.get(current.sid);
		if (!entry) {
			entry = { room, dispatches: [] };
			this.byRoomSid.set(current.sid, entry);
		}
		return entry.dispatches;
	}

	methods(): Record<string, Method> {
		const admin = (request: { room: string }): RoomServiceRequirement => ({
			kind: 'admin',
			room: request.room
		});
		return {
			CreateDispatch: method({
				input: CreateAgentDispatchRequest,
				requirement: admin,
				run: (request) => {
					// LiveKit creates the room, as a join would.
					this.backend.createRoom({ name: request.room });
					const dispatches = this.entry(request.room)!;
					const dispatch = new AgentDispatch({
						id: sid('AD_'),
						agentName: request.agentName,
						room: request.room,
						metadata: request.metadata,
						restartPolicy: request.restartPolicy,
						deployment: request.deployment,
						attributes: { ...request.attributes },
						state: new AgentDispatchState({ createdAt: BigInt(Date.now()) * 1_000_000n })
					});
					dispatches.push(dispatch);
					return dispatch;
				}
			}),
			ListDispatch: method({
				input: ListAgentDispatchRequest,
				requirement: admin,
				run: (request) => {
					const dispatches = this.entry(request.room);
					if (!dispatches) throw new TwirpError('not_found', 'requested room does not exist');
					return new ListAgentDispatchResponse({
						agentDispatches: dispatches.filter(
							(dispatch) => !request.dispatchId || dispatch.id === request.dispatchId
						)
					});
				}
			}),
			DeleteDispatch: method({
				input: DeleteAgentDispatchRequest,
				requirement: admin,
				run: (request) => {
					const dispatches = this.entry(request.room);
					if (!dispatches) throw new TwirpError('not_found', 'requested room does not exist');
					const index = dispatches.findIndex((dispatch) => dispatch.id === request.dispatchId);
					if (index === -1) throw new TwirpError('not_found', 'dispatch ID not found');
					const [removed] = dispatches.splice(index, 1);
					return removed!;
				}
			})
		};
	}
}

/** The methods of each service other than RoomService, by Twirp service name. */
export function otherServices(backend: MediaBackend): Record<string, Record<string, Method>> {
	return {
		'livekit.Egress': egressMethods(backend),
		'livekit.Ingress': ingressMethods(),
		'livekit.SIP': sipMethods(backend),
		'livekit.AgentDispatchService': new DispatchTable(backend).methods()
	};
}

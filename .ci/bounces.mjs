// Bounces the browser checks paste into the decoder (and the search box). Both are modelled on
// the examples of RFC 3464 §10 and on Microsoft's NDR documentation; the addresses and hosts are
// example ones (RFC 2606).

// A whole RFC 3464 delivery status notification: multipart/report (RFC 6522) with a human part,
// the message/delivery-status part and the returned headers. Longer than 1500 characters, so
// that a paste into the search box hands it to the decoder through sessionStorage, not the URL.
export const DSN = `From: Mail Delivery System <MAILER-DAEMON@mx1.example.net>
To: alice@example.org
Subject: Undelivered Mail Returned to Sender
Date: Mon, 1 Dec 2025 09:12:44 +0100 (CET)
Message-Id: <20251201081244.4C1F2A0356@mx1.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="4C1F2A0356.1764576764/mx1.example.net"
Auto-Submitted: auto-replied

This is a MIME-encapsulated message.

--4C1F2A0356.1764576764/mx1.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<bob@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1
    <bob@example.com>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

--4C1F2A0356.1764576764/mx1.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.example.net
X-Postfix-Queue-ID: 4C1F2A0356
X-Postfix-Sender: rfc822; alice@example.org
Arrival-Date: Mon,  1 Dec 2025 09:12:43 +0100 (CET)

Final-Recipient: rfc822; bob@example.com
Original-Recipient: rfc822;bob@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:
    User unknown in virtual mailbox table

--4C1F2A0356.1764576764/mx1.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <alice@example.org>
Received: from laptop.example.org (laptop.example.org [198.51.100.7])
	by mx1.example.net (Postfix) with ESMTPSA id 4C1F2A0356
	for <bob@example.com>; Mon,  1 Dec 2025 09:12:43 +0100 (CET)
From: Alice <alice@example.org>
To: Bob <bob@example.com>
Subject: Minutes of Monday's meeting
Date: Mon, 1 Dec 2025 09:12:40 +0100
Message-ID: <b1946ac9-2c1e-4f0b@example.org>

--4C1F2A0356.1764576764/mx1.example.net--
`;

// One line of a Microsoft 365 non-delivery report (Exchange Online's RecipientNotFound).
export const NDR = '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup';

// What the decoder must say about each: the enhanced code's page first, the basic code's page
// among the links, and a permanent failure that is a hard bounce.
export const EXPECT = {
  dsn: { first: '/smtp-enhanced/X.1.1', basic: '/smtp/550', outcome: 'permanent', bounce: 'hard' },
  ndr: { first: '/smtp-enhanced/X.1.10', basic: '/smtp/550', outcome: 'permanent', bounce: 'hard' },
};
